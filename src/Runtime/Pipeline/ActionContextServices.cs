using System.Collections.Frozen;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What every <see cref="Invocation"/> (an <see cref="ActionContext"/>) is backed by: <c>ctx.Db</c>,
/// <c>ctx.Kv</c>, <c>ctx.Queue</c>, <c>ctx.Events</c>, <c>ctx.Logger</c>, <c>ctx.Services</c>, the caller of an
/// invocation without one, and the pipeline and catalog behind <c>ctx.Call</c>. Transports pass it
/// to the invocations they make; the pipeline itself does not use it.
/// </summary>
internal sealed class ActionContextServices
{
    private readonly ActionCatalog _catalog;
    private readonly FrozenDictionary<ActionDescriptor, ILogger> _loggers;
    private readonly FrozenDictionary<Type, InProcessCall> _calls;

    public ActionContextServices(
        ActionCatalog catalog,
        InvocationPipeline pipeline,
        IKeyValueStore kv,
        Database database,
        IJobEnqueuer jobs,
        EventPublisher events,
        IChannelSource channels,
        Authenticator authenticator,
        ILoggerFactory loggers,
        IServiceProvider rootServices)
    {
        _catalog = catalog;
        Pipeline = pipeline;
        Kv = kv;
        Database = database;
        Jobs = jobs;
        Events = events;
        Channels = channels;
        Authenticator = authenticator;
        RootServices = rootServices;
        _loggers = catalog.Actions.ToFrozenDictionary(a => a, a => loggers.CreateLogger(a.HandlerType));
        _calls = catalog.ByInputType.ToFrozenDictionary(p => p.Key, p => new InProcessCall(p.Value));
    }

    public InvocationPipeline Pipeline { get; }

    public IKeyValueStore Kv { get; }

    public Database Database { get; }

    public IJobEnqueuer Jobs { get; }

    public EventPublisher Events { get; }

    /// <summary>Realtime channels (<c>ctx.Channels</c>).</summary>
    public IChannelSource Channels { get; }

    public Authenticator Authenticator { get; }

    public IServiceProvider RootServices { get; }

    public ILogger LoggerFor(ActionDescriptor action) => _loggers[action];

    /// <summary>The action that takes <paramref name="input"/> (<c>ctx.Queue.EnqueueAsync</c>).</summary>
    public ActionDescriptor Find(IActionInput input) => FindCall(input).Action;

    /// <summary>The call of the action that takes <paramref name="input"/> (<c>ctx.CallAsync</c>).</summary>
    public InProcessCall FindCall(IActionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _calls.TryGetValue(input.GetType(), out var call)
            ? call
            : throw new InvalidOperationException($"{input.GetType().FullName} is not the input of an action of this application's catalog.");
    }
}
