using System.Diagnostics;
using Bunbase.Runtime.Discovery;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The <see cref="ActionContext"/> of one invocation. Transports subclass it to supply the trace id
/// and services of their request; a nested call shares its parent's.
/// </summary>
internal class Invocation : ActionContext
{
    private readonly ActionExecutor _executor;
    private readonly Invocation? _parent;
    private readonly IServiceProvider? _services;
    private string? _traceId;
    private ISqlDatabase? _db;
    private IJobQueue? _queue;

    public Invocation(ActionDescriptor action, ActionExecutor executor, IServiceProvider? services, CancellationToken cancellation, Invocation? parent = null)
    {
        Action = action;
        _executor = executor;
        _services = services;
        _parent = parent;
        Cancellation = cancellation;
    }

    public ActionDescriptor Action { get; }

    /// <summary>What started this invocation; a nested call says <see cref="InvocationTrigger.Call"/>.</summary>
    public virtual InvocationTrigger Trigger => _parent is null ? InvocationTrigger.Http : InvocationTrigger.Call;

    /// <summary>Which attempt this is (1 for everything but retried jobs).</summary>
    public virtual int Attempt => 1;

    /// <summary>The invocation this one was called from, if any.</summary>
    public Invocation? Parent => _parent;

    /// <summary>The open transaction of this invocation's database session, if any (without creating a session).</summary>
    internal Data.DatabaseTransaction? CurrentTransaction => (_db as Data.DatabaseSession)?.CurrentTransaction ?? _parent?.CurrentTransaction;

    public override string ActionName => Action.Name;

    public override ILogger Logger => _executor.LoggerFor(Action);

    public override string TraceId => _traceId ??= _parent?.TraceId ?? ResolveTraceId();

    public override IServiceProvider Services => _services ?? _parent?.Services ?? ResolveServices();

    public override CancellationToken Cancellation { get; }

    public override IKeyValueStore Kv => _executor.Kv;

    public override IJobQueue Queue => _queue ??= new Queue.InvocationJobQueue(this, _executor);

    /// <summary>One session per invocation, shared with nested calls: a callee's reads see the caller's writes.</summary>
    public override ISqlDatabase Db => _db ??= _parent?.Db ?? _executor.Database.CreateSession(Cancellation);

    public override Task<TOutput> Call<TAction, TInput, TOutput>(TInput input, CancellationToken cancellationToken = default)
    {
        var callee = _executor.Find(typeof(TAction));
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        return _executor.Execute<TInput, TOutput>(callee, input, new Invocation(callee, _executor, null, token, this), token);
    }

    protected virtual string ResolveTraceId() =>
        Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();

    protected virtual IServiceProvider ResolveServices() => _executor.RootServices;
}
