using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// The queue's transport: runs a claimed job through <see cref="InvocationPipeline"/> (validation,
/// guards, handler, run log, metrics) as a <see cref="JobInvocation"/>. Its input is read as the
/// action's input type first: stored input the action can no longer read fails the attempt (not
/// retryable) without a run. One typed delegate per action, built once.
/// </summary>
internal sealed class JobRunner
{
    private static readonly MethodInfo RunTypedMethod = typeof(JobRunner).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly InvocationPipeline _pipeline;
    private readonly ActionContextServices _context;
    private readonly JsonSerializerOptions _json;
    private readonly FrozenDictionary<string, Func<InvocationPipeline, JsonSerializerOptions, JobInvocation, Task>> _runs;
    private readonly FrozenDictionary<string, IRuntimeJob> _runtimeJobs;

    public JobRunner(ActionCatalog catalog, InvocationPipeline pipeline, ActionContextServices context, JsonContracts json, IEnumerable<IRuntimeJob>? runtimeJobs = null)
    {
        _runtimeJobs = (runtimeJobs ?? []).ToFrozenDictionary(j => j.Name, StringComparer.Ordinal);
        _pipeline = pipeline;
        _context = context;
        _json = json.Options;
        _runs = catalog.Actions.ToFrozenDictionary(
            a => a.Name,
            a => RunTypedMethod.MakeGenericMethod(a.InputType, a.OutputType)
                .CreateDelegate<Func<InvocationPipeline, JsonSerializerOptions, JobInvocation, Task>>(),
            StringComparer.Ordinal);
        Actions = [.. catalog.Actions.Select(a => a.Name), .. _runtimeJobs.Keys];
        Catalog = catalog;
    }

    /// <summary>The actions this app can run, and the runtime's own jobs: workers claim only their jobs.</summary>
    public string[] Actions { get; }

    public ActionCatalog Catalog { get; }

    /// <summary>How a job of <paramref name="name"/> is retried: its action's <c>[Job]</c>, or the runtime job's settings.</summary>
    public JobSettings SettingsOf(string name) =>
        _runtimeJobs.TryGetValue(name, out var runtime) ? runtime.Settings : Catalog.ByName[name].Job;

    public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        if (_runtimeJobs.TryGetValue(job.Action, out var runtimeJob))
        {
            using var runtimeSpan = JobTraceContext.StartExecution("job " + job.Action, job.TraceParent);
            await runtimeJob.RunAsync(job, cancellationToken).ConfigureAwait(false);
            return;
        }

        var action = Catalog.ByName[job.Action];
        using var span = JobTraceContext.StartExecution("job " + job.Action, job.TraceParent);
        span.SetTag("messaging.destination.name", job.Queue);
        span.SetTag("messaging.message.id", job.Id.ToString());
        var invocation = new JobInvocation(job, action, _context, cancellationToken);
        await using (invocation.ConfigureAwait(false))
            await _runs[job.Action](_pipeline, _json, invocation).ConfigureAwait(false);
    }

    private static Task RunTyped<TInput, TOutput>(InvocationPipeline pipeline, JsonSerializerOptions json, JobInvocation invocation)
        where TInput : notnull
    {
        // Input the action can no longer read (its type changed since enqueue) fails as non-retryable.
        var input = JsonSerializer.Deserialize<TInput>(invocation.Claimed.Input, json)
            ?? throw new JsonException($"The stored input of job {invocation.Claimed.Id} is null.");
        return pipeline.RunAsync(invocation, new InProcessTransport<TInput, TOutput>(input));
    }
}
