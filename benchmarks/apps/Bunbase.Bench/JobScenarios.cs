namespace Bunbase.Bench;

/// <summary>The no-op job of the queue throughput benchmark: the cost measured is the queue's own.</summary>
[Action("noop-job", Description = "Scenario jobs: does nothing")]
[Job(Queue = "bench")]
public sealed class NoopJob : ActionHandler<NoopJob.Input, NoopJob.Output>
{
    public sealed record Input(int N);

    public sealed record Output;

    private static readonly Task<Output> Done = Task.FromResult(new Output());

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Done;
}

/// <summary>
/// Records how long after its enqueue the job started (enqueue-to-start latency), by the clock that
/// stamped the enqueue: PostgreSQL's, or this process's on the embedded database.
/// </summary>
[Action("latency-job", Description = "Scenario job latency")]
[Job(Queue = "bench")]
public sealed class LatencyJob(TimeProvider clock) : ActionHandler<LatencyJob.Input, NoopJob.Output>
{
    public sealed record Input(int N) : IActionInput<NoopJob.Output>;

    public override async Task<NoopJob.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var enqueuedAt = context.Job!.EnqueuedAt;
        if (context.Db.Backend == DatabaseBackend.PostgreSql)
            await context.Db.ExecuteAsync("insert into job_latency (ms) values (extract(epoch from clock_timestamp() - @enqueuedAt) * 1000)", new { enqueuedAt }, cancellationToken);
        else
            await context.Db.ExecuteAsync("insert into job_latency (ms) values (@ms)", new { ms = (clock.GetUtcNow() - enqueuedAt).TotalMilliseconds }, cancellationToken);
        return new NoopJob.Output();
    }
}

/// <summary>Enqueues one latency job (the benchmark calls it at a slow, steady pace: an idle queue).</summary>
[Action("ping-job", Description = "Scenario job latency: enqueue")]
[Post("/jobs/ping")]
public sealed class PingJob : ActionHandler<NoopJob.Input, NoopJob.Output>
{
    public override async Task<NoopJob.Output> RunAsync(NoopJob.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Queue.EnqueueAsync(new LatencyJob.Input(input.N), cancellationToken: cancellationToken);
        return new NoopJob.Output();
    }
}
