namespace Bunbase.EventsApp.Actions;

/// <summary>Records that the running subscriber handled its event.</summary>
internal static class Runs
{
    /// <summary>Set <c>EVENTS_APP_DELAY_MS</c> to make each handling take that long (so a process can be killed mid-batch).</summary>
    private static readonly int DelayMs = int.TryParse(Environment.GetEnvironmentVariable("EVENTS_APP_DELAY_MS"), out var delay) ? delay : 0;

    public static async Task RecordAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var handled = context.Event ?? throw new InvalidOperationException("runs only for events");
        if (DelayMs > 0)
            await Task.Delay(DelayMs, cancellationToken);
        await context.Db.ExecuteAsync(
            """
            insert into event_runs (subscription, event_id, stream, version, global_position, attempt, process_id, trace_id, correlation_id)
            values (@Subscription, @Id, @Stream, @Version, @GlobalPosition, @Attempt, @ProcessId, @TraceId, @CorrelationId)
            """,
            new { Subscription = context.ActionName, handled.Id, handled.Stream, handled.Version, handled.GlobalPosition, handled.Attempt, Environment.ProcessId, context.TraceId, handled.CorrelationId },
            cancellationToken);
    }
}
