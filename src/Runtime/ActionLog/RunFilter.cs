namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// Which runs to list, newest first: any of action, status, trigger and trace id, started within
/// [<see cref="From"/>, <see cref="Until"/>), older than the run <see cref="Before"/> (keyset pagination), at most <see cref="Limit"/>.
/// Times and the cursor are bounds on the UUIDv7 primary key, so they never need an index of their own.
/// </summary>
internal sealed record RunFilter(string? Action, string? Status, string? TraceId, int Limit)
{
    /// <summary>The statuses a run can have: anything else is refused rather than matching nothing.</summary>
    public static readonly string[] Statuses = [Pipeline.ActionOutcome.Ok, Pipeline.ActionOutcome.Rejected, Pipeline.ActionOutcome.Failed, Pipeline.ActionOutcome.Cancelled];

    /// <summary>The triggers a run can have.</summary>
    public static readonly string[] Triggers = ["http", "call", "job", "cron", "event", "webhook", "mcp"];

    public string? Trigger { get; init; }

    /// <summary>Only runs with a smaller id than this one (the last of the previous page).</summary>
    public Guid? Before { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? Until { get; init; }
}
