using System.Collections.Frozen;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Validation;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The one place an invocation is executed, whatever triggered it (HTTP, a nested call, a job, a
/// cron tick): admit the caller (identity and custom guards, before binding), validate the input,
/// run the input guards and the handler, validate the output; each execution is counted, timed and
/// traced as a span.
/// </summary>
internal sealed class ActionExecutor
{
    private readonly ActionCatalog _catalog;
    private readonly ObjectValidator _validator;
    private readonly FrozenDictionary<ActionDescriptor, ILogger> _loggers;

    public ActionExecutor(
        ActionCatalog catalog,
        ObjectValidator validator,
        IKeyValueStore kv,
        Database database,
        Queue.JobQueueService jobs,
        Authenticator authenticator,
        ActionTelemetry telemetry,
        ActionRunLog runLog,
        ILoggerFactory loggers,
        IServiceProvider rootServices)
    {
        Kv = kv;
        Database = database;
        Jobs = jobs;
        Authenticator = authenticator;
        Telemetry = telemetry;
        RunLog = runLog;
        _catalog = catalog;
        _validator = validator;
        RootServices = rootServices;
        _loggers = catalog.Actions.ToFrozenDictionary(a => a, a => loggers.CreateLogger(a.HandlerType));
        foreach (var action in catalog.Actions)
        {
            validator.Prepare(action.InputType);
            validator.Prepare(action.OutputType);
        }
    }

    public IServiceProvider RootServices { get; }

    public IKeyValueStore Kv { get; }

    public Database Database { get; }

    public Queue.JobQueueService Jobs { get; }

    public Authenticator Authenticator { get; }

    public ActionTelemetry Telemetry { get; }

    public ActionRunLog RunLog { get; }

    public ILogger LoggerFor(ActionDescriptor action) => _loggers[action];

    public ActionDescriptor Find(Type handlerType) =>
        _catalog.ByHandlerType.TryGetValue(handlerType, out var action)
            ? action
            : throw new InvalidOperationException($"{handlerType.FullName} is not an action of this application's catalog.");

    /// <summary>The guards that run before the input is bound: 401, 403 (or a guard's own error) when the caller may not go on.</summary>
    public ValueTask Admit(ActionDescriptor action, Invocation invocation, CancellationToken cancellationToken) =>
        action.Guards.IsEmpty ? default : action.Guards.AdmitAsync(invocation.Caller, invocation, cancellationToken);

    /// <summary>Runs an admitted invocation (see <see cref="Admit"/>).</summary>
    public async Task<TOutput> Execute<TInput, TOutput>(ActionDescriptor action, TInput input, Invocation invocation, CancellationToken cancellationToken)
        where TInput : notnull
    {
        var run = Telemetry.Start(action);
        var recorded = RunLog.Enabled && !invocation.TransportRecordsRun;
        var started = recorded ? RunLog.Start() : default;
        try
        {
            if (_validator.Validate(input) is { } inputErrors)
                throw new InputValidationException(inputErrors);
            if (action.Guards.HasInputGuards)
                await action.Guards.CheckInputAsync(input, invocation.Caller, invocation, cancellationToken).ConfigureAwait(false);

            var handler = (ActionHandler<TInput, TOutput>)action.CreateHandler(action.NeedsServices ? invocation.Services : null);
            var output = await handler.Run(input, invocation, cancellationToken).ConfigureAwait(false);

            if (_validator.Validate(output) is { } outputErrors)
                throw new OutputValidationException(action.Name, outputErrors);
            run.Succeeded();
            if (recorded)
                RunLog.Add(action, invocation, started, input, output, null, null, cancellationToken);
            return output;
        }
        catch (Exception ex) when (run.Failed(ex, cancellationToken) || (recorded && RecordFailure(action, invocation, started, input, ex, cancellationToken)))
        {
            throw; // never reached: the filters record the failure and let the exception pass unchanged
        }
    }

    /// <summary>Always <see langword="false"/>, for use in an exception filter.</summary>
    private bool RecordFailure(ActionDescriptor action, Invocation invocation, ActionRunLog.RunStart started, object input, Exception error, CancellationToken cancellationToken)
    {
        RunLog.Add(action, invocation, started, input, null, error, null, cancellationToken);
        return false;
    }
}
