using System.Diagnostics;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The <see cref="ActionContext"/> of one invocation, made by its transport, which names its
/// <see cref="Trigger"/> and may supply the caller's <see cref="Credentials"/>, trace id and
/// services. A nested call shares its parent's, so guards see the caller's session and the callee's
/// reads see the caller's writes. A root invocation without credentials (a job, a cron tick) is
/// trusted: guards do not apply.
/// </summary>
internal class Invocation : ActionContext
{
    private readonly ActionContextServices _context;
    private readonly Invocation? _parent;
    private readonly IServiceProvider? _services;
    private string? _traceId;
    private InvocationAuth? _caller;
    private ISqlDatabase? _db;
    private IJobQueue? _queue;
    private IEventPublisher? _events;
    private IWebhookSender? _webhooks;
    private IMailSender? _mail;
    private IChannels? _channels;
    private IFileStorage? _storage;

    public Invocation(ActionDescriptor action, InvocationTrigger trigger, ActionContextServices context, CancellationToken cancellation, Invocation? parent = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        Action = action;
        Trigger = trigger;
        _context = context;
        _services = services;
        _parent = parent;
        Cancellation = cancellation;
    }

    public ActionDescriptor Action { get; }

    /// <summary>What started this invocation (a nested call's is <see cref="InvocationTrigger.Call"/>).</summary>
    public InvocationTrigger Trigger { get; }

    /// <summary>Which attempt this is (1 for everything but retried jobs).</summary>
    public virtual int Attempt => 1;

    /// <summary>The caller's request, when the transport has one: the pipeline authenticates it and applies rate limits.</summary>
    public virtual ICallerRequest? Credentials => null;

    /// <summary>The status the caller was answered with, for the run log (HTTP's response status).</summary>
    public virtual int? ResponseStatus => null;

    /// <summary>The invocation this one was called from, if any.</summary>
    public Invocation? Parent => _parent;

    public override string ActionName => Action.Name;

    public override ILogger Logger => _context.LoggerFor(Action);

    public override string TraceId => _traceId ??= _parent?.TraceId ?? ResolveTraceId();

    public override IServiceProvider Services => _services ?? _parent?.Services ?? ResolveServices();

    /// <summary>The invocation's one token (the handler's <c>cancellationToken</c>): what context members use when given none.</summary>
    public CancellationToken Cancellation { get; }

    public override IKeyValueStore Kv => _context.Kv;

    public override IAuth Auth => Caller;

    /// <summary>Who invoked the action: its session and why credentials were refused, if they were.</summary>
    public InvocationAuth Caller => _caller ??= _parent?.Caller ?? ResolveCaller();

    public override IJobQueue Queue => _queue ??= new InvocationJobQueue(this, _context);

    public override IEventPublisher Events => _events ??= new InvocationEvents(this, _context);

    public override IWebhookSender Webhooks => _webhooks ??= new InvocationWebhooks(this, _context);

    public override IMailSender Mail => _mail ??= new InvocationMail(this, _context);

    public override IFileStorage Storage => _storage ??= (IFileStorage)_context.RootServices.GetService(typeof(IFileStorage))!;

    public override IChannels Channels => _channels ??= new RecordedChannels(_context.Channels.For(Cancellation), Published = new ChannelPublishes());

    /// <summary>The channel messages this invocation published (none until it first touches <see cref="Channels"/>).</summary>
    public ChannelPublishes? Published { get; private set; }

    /// <summary>
    /// The event this invocation handles (an event-triggered invocation overrides it; nested calls
    /// inherit it): what the events it publishes are caused by and correlated with.
    /// </summary>
    internal virtual EventCause? CausingEvent => _parent?.CausingEvent;

    /// <summary>One session per invocation, shared with nested calls: a callee's reads see the caller's writes.</summary>
    public override ISqlDatabase Db => _db ??= _parent?.Db ?? CreateDatabaseSession();

    /// <summary>The open transaction of this invocation's database session, if any (without creating a session).</summary>
    internal Data.DatabaseTransaction? CurrentTransaction => (_db as Data.DatabaseSession)?.CurrentTransaction ?? _parent?.CurrentTransaction;

    protected ActionContextServices Context => _context;

    public override async Task<TOutput> CallAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default)
    {
        var call = _context.FindCall(input);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Cancellation;
        var invocation = new Invocation(call.Action, InvocationTrigger.Call, _context, token, this);
        return await call.RunAsync<TOutput>(_context.Pipeline, invocation, input).ConfigureAwait(false);
    }

    /// <summary>The session found by authenticating <see cref="Credentials"/> (null: none was presented).</summary>
    internal void Authenticated(InvocationAuth? caller)
    {
        if (caller is not null)
            _caller = caller;
    }

    /// <summary>The database session of a root invocation (requests use the request pool).</summary>
    protected virtual ISqlDatabase CreateDatabaseSession() => _context.Database.CreateSession(Cancellation);

    protected virtual string ResolveTraceId() => CurrentOrNewTraceId();

    /// <summary>The trace of the current activity, or a new one: the trace id of work no transport started.</summary>
    internal static string CurrentOrNewTraceId() =>
        Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();

    protected virtual IServiceProvider ResolveServices() => _context.RootServices;

    /// <summary>A caller that presented no usable credentials is anonymous; an invocation without a caller is trusted.</summary>
    private InvocationAuth ResolveCaller() =>
        Credentials is { } request ? _context.Authenticator.Anonymous(request) : new TrustedAuth(_context.Authenticator);
}
