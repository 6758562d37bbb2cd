namespace Bunbase;

/// <summary>The job an invocation runs for (<c>ctx.Job</c>); null for HTTP requests and nested calls.</summary>
/// <param name="Id">The job's id (what <c>EnqueueAsync</c> returned): a natural key for idempotent side effects.</param>
/// <param name="Queue">The queue it came from.</param>
/// <param name="Attempt">This attempt, from 1.</param>
/// <param name="MaxAttempts">Attempts before the job is dead.</param>
/// <param name="CronTick">The scheduled tick, for a <c>[Cron]</c> action's job.</param>
/// <param name="EnqueuedAt">When the job was enqueued (by the store's clock).</param>
public sealed record JobInfo(Guid Id, string Queue, int Attempt, int MaxAttempts, DateTimeOffset? CronTick, DateTimeOffset EnqueuedAt);
