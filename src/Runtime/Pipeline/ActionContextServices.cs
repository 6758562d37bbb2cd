using System.Collections.Frozen;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What every <see cref="Invocation"/> (an <see cref="ActionContext"/>) is backed by: <c>ctx.Db</c>,
/// <c>ctx.Kv</c>, <c>ctx.Queue</c>, <c>ctx.Logger</c>, <c>ctx.Services</c>, the caller of an
/// invocation without one, and the pipeline and catalog behind <c>ctx.Call</c>. Transports pass it
/// to the invocations they make; the pipeline itself does not use it.
/// </summary>
internal sealed class ActionContextServices
{
    private readonly ActionCatalog _catalog;
    private readonly FrozenDictionary<ActionDescriptor, ILogger> _loggers;

    public ActionContextServices(
        ActionCatalog catalog,
        InvocationPipeline pipeline,
        IKeyValueStore kv,
        Database database,
        IJobEnqueuer jobs,
        Authenticator authenticator,
        ILoggerFactory loggers,
        IServiceProvider rootServices)
    {
        _catalog = catalog;
        Pipeline = pipeline;
        Kv = kv;
        Database = database;
        Jobs = jobs;
        Authenticator = authenticator;
        RootServices = rootServices;
        _loggers = catalog.Actions.ToFrozenDictionary(a => a, a => loggers.CreateLogger(a.HandlerType));
    }

    public InvocationPipeline Pipeline { get; }

    public IKeyValueStore Kv { get; }

    public Database Database { get; }

    public IJobEnqueuer Jobs { get; }

    public Authenticator Authenticator { get; }

    public IServiceProvider RootServices { get; }

    public ILogger LoggerFor(ActionDescriptor action) => _loggers[action];

    public ActionDescriptor Find(Type handlerType) =>
        _catalog.ByHandlerType.TryGetValue(handlerType, out var action)
            ? action
            : throw new InvalidOperationException($"{handlerType.FullName} is not an action of this application's catalog.");
}
