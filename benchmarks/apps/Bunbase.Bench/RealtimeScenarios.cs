namespace Bunbase.Bench;

/// <summary>The benchmark's channel: open to anyone, so the load opens a thousand connections without sessions.</summary>
[Channel("bench")]
[AllowAnonymous]
public sealed class BenchFeed;

/// <summary>Publishes one message to <c>bench</c> carrying the load's send time, through <c>ctx.Channels</c>.</summary>
[Action("realtime-publish", Description = "Scenario realtime: publishes to the bench channel")]
[Post("/realtime/publish")]
public sealed class RealtimePublish : ActionHandler<RealtimePublish.Input, RealtimePublish.Output>
{
    /// <param name="Sent">The load's clock when it sent the request (its own units; echoed in the message).</param>
    public sealed record Input(long Sent);

    public sealed record Output(long Id);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Channels.PublishAsync("bench", "tick", new { sent = input.Sent }, cancellationToken));
}

/// <summary>
/// The process's retained memory after a full, compacting collection (for memory per idle connection: the RSS
/// alone also counts garbage a large server-GC generation 0 has not collected yet).
/// </summary>
[Action("memory", Description = "Benchmark support: managed heap after a full collection, and the working set")]
[Get("/bench/memory")]
public sealed class Memory : ActionHandler<Memory.Input, Memory.Output>
{
    public sealed record Input;

    public sealed record Output(long HeapBytes, long WorkingSetBytes);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Task.FromResult(new Output(GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet));
    }
}
