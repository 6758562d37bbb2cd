using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Runs a claimed job through the pipeline: reads its input as the action's input type and hands it
/// to <see cref="ActionExecutor"/>, like an HTTP request (validation, guards, run log, metrics).
/// One typed delegate per action, built once.
/// </summary>
internal sealed class JobRunner
{
    private static readonly MethodInfo RunTypedMethod = typeof(JobRunner).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly ActionExecutor _executor;
    private readonly JsonSerializerOptions _json;
    private readonly FrozenDictionary<string, Func<ActionExecutor, JsonSerializerOptions, JobInvocation, CancellationToken, Task>> _runs;

    public JobRunner(ActionCatalog catalog, ActionExecutor executor, JsonContracts json)
    {
        _executor = executor;
        _json = json.Options;
        _runs = catalog.Actions.ToFrozenDictionary(
            a => a.Name,
            a => RunTypedMethod.MakeGenericMethod(a.InputType, a.OutputType)
                .CreateDelegate<Func<ActionExecutor, JsonSerializerOptions, JobInvocation, CancellationToken, Task>>(),
            StringComparer.Ordinal);
        Actions = [.. catalog.Actions.Select(a => a.Name)];
        Catalog = catalog;
    }

    /// <summary>The actions this app can run: workers claim only their jobs.</summary>
    public string[] Actions { get; }

    public ActionCatalog Catalog { get; }

    public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var action = Catalog.ByName[job.Action];
        using var span = JobTraceContext.StartExecution("job " + job.Action, job.TraceParent);
        span.SetTag("messaging.destination.name", job.Queue);
        span.SetTag("messaging.message.id", job.Id.ToString());
        var invocation = new JobInvocation(job, action, _executor, cancellationToken);
        await using (invocation.ConfigureAwait(false))
            await _runs[job.Action](_executor, _json, invocation, cancellationToken).ConfigureAwait(false);
    }

    private static Task RunTyped<TInput, TOutput>(ActionExecutor executor, JsonSerializerOptions json, JobInvocation invocation, CancellationToken cancellationToken)
        where TInput : notnull
    {
        // Input the action can no longer read (its type changed since enqueue) fails as non-retryable.
        var input = JsonSerializer.Deserialize<TInput>(invocation.Claimed.Input, json)
            ?? throw new JsonException($"The stored input of job {invocation.Claimed.Id} is null.");
        return executor.Execute<TInput, TOutput>(invocation.Action, input, invocation, cancellationToken);
    }
}
