namespace Bunbase.Bench;

/// <summary>The no-op subscriber of the consumer throughput benchmark: the cost measured is the subscription's own.</summary>
[Action("noop-subscriber", Description = "Scenario subscriber: does nothing")]
[On(Category = "benchev")]
public sealed class NoopSubscriber : ActionHandler<NoopJob.Input, NoopJob.Output>
{
    private static readonly Task<NoopJob.Output> Done = Task.FromResult(new NoopJob.Output());

    public override Task<NoopJob.Output> RunAsync(NoopJob.Input input, ActionContext context, CancellationToken cancellationToken) => Done;
}

/// <summary>
/// Records how long after its publish the event reached its handler (publish-to-handler latency), by the clock
/// that stamped the publish: PostgreSQL's (the publishing transaction's start), or this process's on the embedded database.
/// </summary>
[Action("latency-subscriber", Description = "Scenario subscriber latency")]
[On("event-ping")]
public sealed class LatencySubscriber(TimeProvider clock) : ActionHandler<NoopJob.Input, NoopJob.Output>
{
    public override async Task<NoopJob.Output> RunAsync(NoopJob.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var publishedAt = context.Event!.PublishedAt;
        if (context.Db.Backend == DatabaseBackend.PostgreSql)
            await context.Db.ExecuteAsync("insert into event_latency (ms) values (extract(epoch from clock_timestamp() - @publishedAt) * 1000)", new { publishedAt }, cancellationToken);
        else
            await context.Db.ExecuteAsync("insert into event_latency (ms) values (@ms)", new { ms = (clock.GetUtcNow() - publishedAt).TotalMilliseconds }, cancellationToken);
        return new NoopJob.Output();
    }
}

/// <summary>Publishes one latency event on a stream of its own (the benchmark calls it at a slow, steady pace: an idle subscription).</summary>
[Action("ping-event", Description = "Scenario subscriber latency: publish")]
[Post("/events/ping")]
public sealed class PingEvent : ActionHandler<NoopJob.Input, NoopJob.Output>
{
    public override async Task<NoopJob.Output> RunAsync(NoopJob.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Events.PublishAsync($"ping-{input.N}", "event-ping", input, cancellationToken: cancellationToken);
        return new NoopJob.Output();
    }
}
