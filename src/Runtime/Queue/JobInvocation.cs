using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// An invocation started by a job: its attempt, whether a cron tick made it, the trace id of the
/// request that enqueued it, and a service scope of its own (created on first use, disposed after).
/// </summary>
internal sealed class JobInvocation(ClaimedJob job, ActionDescriptor action, ActionExecutor executor, CancellationToken cancellation)
    : Invocation(action, executor, services: null, cancellation), IAsyncDisposable
{
    private AsyncServiceScope? _scope;

    private JobInfo? _info;

    public ClaimedJob Claimed { get; } = job;

    public override JobInfo Job => _info ??= new JobInfo(Claimed.Id, Claimed.Queue, Claimed.Attempt, Claimed.MaxAttempts, Claimed.CronTick);

    public override InvocationTrigger Trigger => Claimed.CronTick is null ? InvocationTrigger.Job : InvocationTrigger.Cron;

    public override int Attempt => Claimed.Attempt;

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The enqueuer's trace id (W3C <c>traceparent</c> is <c>00-traceid-spanid-flags</c>), so the work keeps its trace across the queue.</summary>
    protected override string ResolveTraceId() =>
        Claimed.TraceParent is { Length: 55 } parent && parent[2] == '-' ? parent.Substring(3, 32) : base.ResolveTraceId();

    protected override IServiceProvider ResolveServices()
    {
        _scope ??= RootServices().CreateAsyncScope();
        return _scope.Value.ServiceProvider;
    }

    private IServiceProvider RootServices() => base.ResolveServices();
}
