using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Seeding;

/// <summary>
/// The <see cref="ActionContext"/> of one C# seed: trusted (guards do not apply), with one database
/// session that the runner holds in a transaction, shared by the actions the seed calls.
/// </summary>
internal sealed class SeedContext : ActionContext, IJobQueue, IEventPublisher
{
    /// <summary>The trigger of the actions a seed calls, in the run log and spans.</summary>
    public static readonly InvocationTrigger Trigger = new("seed");

    private readonly SeedType _seed;
    private readonly ActionContextServices _services;
    private readonly DatabaseSession _session;
    private readonly IServiceProvider _scope;
    private readonly TrustedAuth _auth;

    public SeedContext(SeedType seed, ActionContextServices services, IServiceProvider scope, ILoggerFactory loggers, CancellationToken cancellation)
    {
        _seed = seed;
        _services = services;
        _scope = scope;
        Cancellation = cancellation;
        _session = services.Database.CreateSession(cancellation);
        _auth = new TrustedAuth(services.Authenticator);
        Logger = loggers.CreateLogger(seed.Type);
        TraceId = Invocation.CurrentOrNewTraceId();
    }

    public override string ActionName => _seed.Name;

    public override ILogger Logger { get; }

    public override string TraceId { get; }

    public override IServiceProvider Services => _scope;

    /// <summary>The seed's one token: what context members use when given none.</summary>
    public CancellationToken Cancellation { get; }

    public override IKeyValueStore Kv => _services.Kv;

    public override ISqlDatabase Db => _session;

    public override IJobQueue Queue => this;

    public override IAuth Auth => _auth;

    public override IEventPublisher Events => this;

    /// <summary>The session the runner opens the seed's transaction on.</summary>
    public DatabaseSession Session => _session;

    public override async Task<TOutput> CallAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default)
    {
        var call = _services.FindCall(input);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        var invocation = new SeedCallInvocation(call.Action, _services, _session, _scope, token);
        return await call.RunAsync<TOutput>(_services.Pipeline, invocation, input).ConfigureAwait(false);
    }

    public Task<Guid> EnqueueAsync(IActionInput input, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Inside the seed's transaction: the job exists only if the seed commits.
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        return _services.Jobs.EnqueueAsync(_services.Find(input), input, options, _session.CurrentTransaction, token);
    }

    public Task<PublishedEvent> PublishAsync(string stream, string type, object data, EventOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Inside the seed's transaction, like its jobs.
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        return _services.Events.PublishAsync(stream, type, data, options, cause: null, TraceId, _session.CurrentTransaction, token);
    }

    public Task<PublishedEvent> PublishAsync<TData>(string stream, TData data, EventOptions? options = null, CancellationToken cancellationToken = default)
        where TData : notnull =>
        PublishAsync(stream, EventTypes.Of(typeof(TData)), data, options, cancellationToken);

    /// <summary>An action called by a seed: a trusted root invocation on the seed's database session (inside its transaction).</summary>
    private sealed class SeedCallInvocation(Discovery.ActionDescriptor action, ActionContextServices services, DatabaseSession session, IServiceProvider scope, CancellationToken cancellation)
        : Invocation(action, SeedContext.Trigger, services, cancellation, parent: null, services: scope)
    {
        protected override ISqlDatabase CreateDatabaseSession() => session;
    }
}
