using System.Data;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// The SQL of <see cref="SqlJobStore"/> in one dialect. Every statement takes the same parameters
/// (<c>@Now</c> is the process's clock in milliseconds since the epoch; durations are milliseconds),
/// and each dialect uses those it needs: PostgreSQL reads time from the server (<c>now()</c>),
/// the clock every instance shares; the embedded file, one process's, from <c>@Now</c>.
/// </summary>
internal sealed partial class JobStatements
{
    /// <summary>The notification channel PostgreSQL enqueues signal on (the payload is the queue; empty for every queue).</summary>
    public const string Channel = "bunbase_jobs";

    public required string Insert { get; init; }

    /// <summary>Takes an idempotency key for a job, or takes over an expired one; returns the job id, or nothing when a live key holds another job.</summary>
    public required string TakeKey { get; init; }

    public required string Claim { get; init; }

    public required string Complete { get; init; }

    public required string Fail { get; init; }

    public required string ExtendLeases { get; init; }

    public required string Release { get; init; }

    public required string ReapExpiredLeases { get; init; }

    public required string BuryUnknownActions { get; init; }

    /// <summary>Milliseconds until the next pending job of a queue is due (negative when overdue), or null.</summary>
    public required string NextDueInMs { get; init; }

    public required string ListDead { get; init; }

    public required string RetryDead { get; init; }

    public required string PurgeDead { get; init; }

    public required string RecordCronTick { get; init; }

    public required string Housekeep { get; init; }

    /// <summary>Wakes every instance's workers after jobs became due outside an enqueue; null where there is no one else to tell.</summary>
    public string? NotifyAll { get; init; }

    /// <summary>How a transaction that reads and then writes is begun (SQLite: <c>BEGIN IMMEDIATE</c>, the write lock first).</summary>
    public required IsolationLevel WriteIsolation { get; init; }

    /// <summary>
    /// How a list of job ids is bound: <c>@Ids</c>, a <c>uuid[]</c> for <c>= any(@Ids)</c>; or, when true,
    /// <c>@IdTexts</c>, the text SQLite stores (Dapper expands <c>in @IdTexts</c> one element at a time, without the Guid handler).
    /// </summary>
    public required bool IdsAsText { get; init; }

    /// <summary>
    /// Whether due times are read from the server's clock (<c>now()</c>). A <c>RunAt</c> is then written
    /// as the delay from the process's clock to it, so it falls due after the same wait as on that clock
    /// (an instance whose clock is off, or a test's clock moved ahead, does not shift it by the difference).
    /// </summary>
    public required bool ServerClock { get; init; }

    public static JobStatements For(DatabaseBackend backend) => backend == DatabaseBackend.PostgreSql ? PostgreSql : Sqlite;
}
