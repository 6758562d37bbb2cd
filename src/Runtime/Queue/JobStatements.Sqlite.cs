using System.Data;

namespace Bunbase.Runtime.Queue;

/// <content>
/// The embedded SQLite file, for one process: times are milliseconds since the epoch from the
/// process's clock, and each claim is a single atomic UPDATE ... RETURNING under SQLite's one writer.
/// </content>
internal sealed partial class JobStatements
{
    public static JobStatements Sqlite { get; } = new()
    {
        Insert = """
            insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts, trace_parent, idempotency_key, cron_tick, created_at)
            values (@Id, @Queue, @Action, @Input, @Priority, coalesce(@RunAtMs, @Now + cast(@DelayMs as integer)), @MaxAttempts, @TraceParent, @IdempotencyKey, @CronTickMs, @Now)
            """,
        TakeKey = """
            insert into bunbase_job_keys (key, job_id, expires_at) values (@Key, @Id, @Now + @WindowMs)
            on conflict (key) do update set job_id = excluded.job_id, expires_at = excluded.expires_at where bunbase_job_keys.expires_at < @Now
            returning job_id
            """,
        Claim = """
            update bunbase_jobs
            set status = 'running', attempts = attempts + 1, lease_owner = @Owner, lease_until = @Now + @LeaseMs
            where id in (
                select id from bunbase_jobs
                where status = 'pending' and queue = @Queue and run_at <= @Now and action in @Actions
                order by priority desc, run_at
                limit @Max)
            returning id, queue, action, input, attempts as attempt, max_attempts, trace_parent, run_at, @Now as claimed_at, created_at, cron_tick
            """,
        Complete = "delete from bunbase_jobs where id in @IdTexts and lease_owner = @Owner",
        Fail = """
            update bunbase_jobs set
                status = case when @Dead then 'dead' else 'pending' end,
                run_at = case when @Dead then run_at else @Now + @RetryMs end,
                died_at = case when @Dead then @Now end,
                last_error = @Error, lease_owner = null, lease_until = null
            where id = @Id and lease_owner = @Owner
            """,
        ExtendLeases = "update bunbase_jobs set lease_until = @Now + @LeaseMs where id in @IdTexts and lease_owner = @Owner and status = 'running' returning id",
        Release = "update bunbase_jobs set status = 'pending', attempts = max(attempts - 1, 0), run_at = @Now, lease_owner = null, lease_until = null where id in @IdTexts and lease_owner = @Owner and status = 'running'",
        ReapExpiredLeases = """
            update bunbase_jobs set
                status = case when attempts >= max_attempts then 'dead' else 'pending' end,
                died_at = case when attempts >= max_attempts then @Now end,
                last_error = 'the worker running attempt ' || attempts || ' stopped answering (its lease expired)',
                lease_owner = null, lease_until = null
            where status = 'running' and lease_until < @Now
            returning queue, action, status = 'dead' as dead
            """,
        BuryUnknownActions = """
            update bunbase_jobs set status = 'dead', died_at = @Now,
                last_error = 'no instance runs action ''' || action || ''' (renamed or removed?); it waited ' || @GraceMs || ' ms after it was due'
            where status = 'pending' and run_at < @Now - @GraceMs and action not in @Known
            returning queue, action, 1 as dead
            """,
        NextDueInMs = "select min(run_at) - @Now from bunbase_jobs where status = 'pending' and queue = @Queue and action in @Actions",
        ListDead = """
            select id, queue, action, input, attempts, last_error, created_at, died_at from bunbase_jobs
            where status = 'dead' and (@Action is null or action = @Action)
            order by died_at desc limit @Limit
            """,
        RetryDead = "update bunbase_jobs set status = 'pending', attempts = 0, run_at = @Now, died_at = null where status = 'dead' and (@Id is null or id = @Id) and (@Action is null or action = @Action)",
        PurgeDead = "delete from bunbase_jobs where status = 'dead' and (@Id is null or id = @Id) and (@Action is null or action = @Action)",
        RecordCronTick = "insert into bunbase_cron_ticks (action, tick_at, job_id) values (@Action, @TickMs, @JobId) on conflict do nothing",
        Housekeep = """
            delete from bunbase_job_keys where expires_at < @Now;
            delete from bunbase_cron_ticks where tick_at < @Now - 604800000;
            delete from bunbase_jobs where status = 'dead' and died_at < @Now - @RetentionMs;
            """,
        WriteIsolation = IsolationLevel.Serializable,
        IdsAsText = true,
        ServerClock = false,
    };
}
