using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Where jobs live: PostgreSQL (shared by every instance) or the embedded SQLite file. Every
/// change to a claimed job names its lease owner, so a worker that lost its lease (it stalled and
/// another instance took the job) can no longer complete or fail it.
/// </summary>
internal interface IJobStore
{
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Writes a job, in <paramref name="transaction"/> when given. With an idempotency key already remembered, writes nothing and returns that key's job.</summary>
    Task<Guid> EnqueueAsync(NewJob job, DatabaseTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due jobs of <paramref name="queue"/> for <paramref name="actions"/>, highest priority first, skipping jobs other workers hold.</summary>
    Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string queue, string[] actions, int max, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Removes jobs that completed.</summary>
    Task CompleteAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: the job is due again after <paramref name="retryAfter"/>, or dead when that is null.</summary>
    Task FailAsync(Guid id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken);

    /// <summary>Extends the leases of running jobs; returns those this owner still held.</summary>
    Task<IReadOnlyList<Guid>> ExtendLeasesAsync(IReadOnlyList<Guid> ids, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives jobs back unfinished (graceful shutdown): due at once, the interrupted attempt not counted.</summary>
    Task ReleaseAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken);

    /// <summary>Makes jobs whose lease expired (their worker died) claimable again, or dead when out of attempts.</summary>
    Task<IReadOnlyList<ReapedJob>> ReapExpiredLeasesAsync(CancellationToken cancellationToken);

    /// <summary>Makes dead the jobs for actions none of <paramref name="known"/> names, pending longer than <paramref name="grace"/>.</summary>
    Task<IReadOnlyList<ReapedJob>> BuryUnknownActionsAsync(string[] known, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>How long until the next job of <paramref name="queue"/> is due; null when none waits.</summary>
    Task<TimeSpan?> NextDueInAsync(string queue, string[] actions, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadJob>> ListDeadAsync(string? action, int limit, CancellationToken cancellationToken);

    /// <summary>Makes dead jobs pending again with fresh attempts: one (<paramref name="id"/>), one action's, or all.</summary>
    Task<int> RetryDeadAsync(Guid? id, string? action, CancellationToken cancellationToken);

    /// <summary>Deletes dead jobs: one, one action's, or all.</summary>
    Task<int> PurgeDeadAsync(Guid? id, string? action, CancellationToken cancellationToken);

    /// <summary>Claims a cron tick for this instance and enqueues its job in the same transaction; false when another instance already has it.</summary>
    Task<bool> RecordCronTickAsync(string action, DateTimeOffset tick, NewJob job, CancellationToken cancellationToken);

    /// <summary>Forgets expired idempotency keys and old cron ticks, and deletes dead jobs past retention.</summary>
    Task HousekeepAsync(TimeSpan deadRetention, CancellationToken cancellationToken);
}
