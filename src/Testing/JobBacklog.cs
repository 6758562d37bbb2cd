using Bunbase.Runtime.Data;
using Bunbase.Runtime.Queue;
using Dapper;

namespace Bunbase.Testing;

/// <summary>
/// The job queue as a backlog: jobs running, or pending and due on the test's clock. On the embedded
/// file due times are read from that clock already. On PostgreSQL they are the server's
/// (<c>now()</c>), so each time the test moves the clock ahead, pending jobs and idempotency keys
/// are moved back by as much: a job delayed 5 minutes is due once the clock has been advanced by 5 minutes.
/// </summary>
/// <remarks>Cron counts as pending until the scheduler has fired every tick the clock has reached.</remarks>
internal sealed class JobBacklog(Database database, QueueSignals signals, CronScheduler? cron, TestClock clock) : IBackgroundBacklog
{
    private readonly SemaphoreSlim _shifting = new(1, 1);
    private TimeSpan _applied;
    private string? _pending;

    public async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        signals.WakeAll();
        if (cron is not null && !cron.HasFiredUpTo(clock.GetUtcNow()))
        {
            _pending = "cron ticks the clock has reached not fired yet";
            return 1;
        }

        var jobs = database.Backend == Bunbase.DatabaseBackend.PostgreSql
            ? await database.OnPrimaryAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) from bunbase_jobs where status = 'running' or (status = 'pending' and run_at <= now())", cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false)
            : await database.OnPrimaryAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) from bunbase_jobs where status = 'running' or (status = 'pending' and run_at <= @Now)",
                new { Now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        _pending = jobs > 0 ? $"{jobs} job(s) due or running (is the queue enabled, and does the job finish?)" : null;
        return jobs;
    }

    public string? Describe() => _pending;

    /// <summary>On PostgreSQL, moves pending jobs' due times back by what the clock was advanced since the last call.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (database.Backend != Bunbase.DatabaseBackend.PostgreSql)
            return;
        await _shifting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var offset = clock.Offset;
            var delta = offset - _applied;
            if (delta <= TimeSpan.Zero)
                return;
            await database.OnPrimaryAsync(c => c.ExecuteAsync(new CommandDefinition(
                """
                update bunbase_jobs set run_at = run_at - @Delta where status = 'pending';
                update bunbase_job_keys set expires_at = expires_at - @Delta;
                """,
                new { Delta = delta },
                cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
            _applied = offset;
        }
        finally
        {
            _shifting.Release();
        }
    }
}
