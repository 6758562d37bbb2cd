namespace Bunbase.Runtime.Queue;

/// <summary>A job a worker has claimed: it holds the lease until it completes, fails or releases it.</summary>
internal sealed record ClaimedJob(
    Guid Id,
    string Queue,
    string Action,
    string Input,
    int Attempt,
    int MaxAttempts,
    string? TraceParent,
    DateTimeOffset RunAt,
    DateTimeOffset ClaimedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CronTick);
