using System.Diagnostics;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The <see cref="ActionContext"/> of one invocation. Transports subclass it to supply the trace id,
/// services and caller of their request; a nested call shares its parent's, so guards see the
/// caller's session and the callee's reads see the caller's writes. A root invocation that no
/// transport supplies a caller for (a job, a cron tick) is trusted: guards do not apply.
/// </summary>
internal class Invocation : ActionContext
{
    private readonly ActionExecutor _executor;
    private readonly Invocation? _parent;
    private readonly IServiceProvider? _services;
    private string? _traceId;
    private InvocationAuth? _caller;
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

    /// <summary>Whether the transport writes this invocation's run record itself (HTTP does: it knows the response status and also records refusals).</summary>
    public virtual bool TransportRecordsRun => false;

    /// <summary>Which attempt this is (1 for everything but retried jobs).</summary>
    public virtual int Attempt => 1;

    /// <summary>The invocation this one was called from, if any.</summary>
    public Invocation? Parent => _parent;

    public override string ActionName => Action.Name;

    public override ILogger Logger => _executor.LoggerFor(Action);

    public override string TraceId => _traceId ??= _parent?.TraceId ?? ResolveTraceId();

    public override IServiceProvider Services => _services ?? _parent?.Services ?? ResolveServices();

    public override CancellationToken Cancellation { get; }

    public override IKeyValueStore Kv => _executor.Kv;

    public override IAuth Auth => Caller;

    /// <summary>Who invoked the action: its session and why credentials were refused, if they were.</summary>
    public InvocationAuth Caller => _caller ??= _parent?.Caller ?? ResolveCaller();

    public override IJobQueue Queue => _queue ??= new Queue.InvocationJobQueue(this, _executor);

    /// <summary>One session per invocation, shared with nested calls: a callee's reads see the caller's writes.</summary>
    public override ISqlDatabase Db => _db ??= _parent?.Db ?? CreateDatabaseSession();

    /// <summary>The open transaction of this invocation's database session, if any (without creating a session).</summary>
    internal Data.DatabaseTransaction? CurrentTransaction => (_db as Data.DatabaseSession)?.CurrentTransaction ?? _parent?.CurrentTransaction;

    protected ActionExecutor Executor => _executor;

    /// <summary>The database session of a root invocation (requests use the request pool).</summary>
    protected virtual ISqlDatabase CreateDatabaseSession() => _executor.Database.CreateSession(Cancellation);

    public override async Task<TOutput> Call<TAction, TInput, TOutput>(TInput input, CancellationToken cancellationToken = default)
    {
        var callee = _executor.Find(typeof(TAction));
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        var invocation = new Invocation(callee, _executor, null, token, this);
        await _executor.Admit(callee, invocation, token).ConfigureAwait(false);
        return await _executor.Execute<TInput, TOutput>(callee, input, invocation, token).ConfigureAwait(false);
    }

    protected virtual string ResolveTraceId() =>
        Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();

    protected virtual IServiceProvider ResolveServices() => _executor.RootServices;

    protected virtual InvocationAuth ResolveCaller() => new TrustedAuth(_executor.Authenticator);
}
