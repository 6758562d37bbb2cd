using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// An invocation started by a job (trigger <c>job</c>, or <c>cron</c> for a tick): its attempt, and a
/// service scope of its own (created on first use, disposed after). It has no caller: it is trusted,
/// without authentication or rate limits. Its trace is the enqueuer's: the runner starts the job's
/// span as a child of the stored traceparent.
/// </summary>
internal sealed class JobInvocation(ClaimedJob job, ActionDescriptor action, ActionContextServices context, CancellationToken cancellation)
    : Invocation(action, job.CronTick is null ? InvocationTrigger.Job : InvocationTrigger.Cron, context, cancellation), IAsyncDisposable
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
}
