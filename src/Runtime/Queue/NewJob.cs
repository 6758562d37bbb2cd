namespace Bunbase.Runtime.Queue;

/// <summary>A job about to be written. <see cref="RunAt"/> wins over <see cref="DelayMs"/>; both count on the store's clock. <see cref="CronTick"/> is set for the job of a cron tick.</summary>
internal sealed record NewJob(
    Guid Id,
    string Queue,
    string Action,
    string Input,
    int Priority,
    DateTimeOffset? RunAt,
    double DelayMs,
    int MaxAttempts,
    string? TraceParent,
    string? IdempotencyKey,
    double IdempotencyWindowMs,
    DateTimeOffset? CronTick = null);
