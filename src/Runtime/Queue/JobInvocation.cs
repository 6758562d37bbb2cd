using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// An invocation started by a job (trigger <c>job</c>, <c>cron</c> for a tick, <c>webhook</c> for an inbound delivery): its attempt, and a
/// service scope of its own (created on first use, disposed after). It has no caller: it is trusted,
/// without authentication or rate limits. Its trace is the enqueuer's: the runner starts the job's
/// span as a child of the stored traceparent.
/// </summary>
internal sealed class JobInvocation(ClaimedJob job, ActionDescriptor action, ActionContextServices context, CancellationToken cancellation)
    : Invocation(action, TriggerOf(job, action), context, cancellation), IAsyncDisposable
{
    private AsyncServiceScope? _scope;

    private JobInfo? _info;

    public ClaimedJob Claimed { get; } = job;

    public override JobInfo Job => _info ??= new JobInfo(Claimed.Id, Claimed.Queue, Claimed.Attempt, Claimed.MaxAttempts, Claimed.CronTick, Claimed.CreatedAt);

    public override int Attempt => Claimed.Attempt;

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Jobs' statements run on their own pool: a long one never delays a request's.</summary>
    protected override ISqlDatabase CreateDatabaseSession() => Context.Database.CreateJobSession(Cancellation);

    protected override IServiceProvider ResolveServices()
    {
        _scope ??= RootServices().CreateAsyncScope();
        return _scope.Value.ServiceProvider;
    }

    private IServiceProvider RootServices() => base.ResolveServices();

    /// <summary>A cron tick's job, an inbound webhook's (only a delivery enqueues a webhook action: its input is no <c>IActionInput</c>), or a plain job.</summary>
    private static InvocationTrigger TriggerOf(ClaimedJob job, ActionDescriptor action) =>
        job.CronTick is not null ? InvocationTrigger.Cron : action.IsWebhook ? InvocationTrigger.Webhook : InvocationTrigger.Job;
}
