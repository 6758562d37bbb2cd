using System.Data;

namespace Bunbase.Runtime.Queue;

/// <content>
/// PostgreSQL: shared by every instance. Workers claim batches with <c>FOR UPDATE SKIP LOCKED</c>
/// (no global lock), and every enqueue notifies <see cref="Channel"/> in its own transaction, so
/// listeners hear of a job when it commits. Times come from the server's clock.
/// </content>
internal sealed partial class JobStatements
{
    public static JobStatements PostgreSql { get; } = new()
    {
        Insert = """
            insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts, trace_parent, idempotency_key, cron_tick)
            values (@Id, @Queue, @Action, @Input, @Priority, coalesce(@RunAt::timestamptz, now() + @DelayMs * interval '1 millisecond'), @MaxAttempts, @TraceParent, @IdempotencyKey, @CronTick::timestamptz);
            select pg_notify('bunbase_jobs', @Queue);
            """,
        TakeKey = """
            insert into bunbase_job_keys (key, job_id, expires_at) values (@Key, @Id, now() + @WindowMs * interval '1 millisecond')
            on conflict (key) do update set job_id = excluded.job_id, expires_at = excluded.expires_at where bunbase_job_keys.expires_at < now()
            returning job_id
            """,
        Claim = """
            update bunbase_jobs j
            set status = 'running', attempts = j.attempts + 1, lease_owner = @Owner, lease_until = now() + @LeaseMs * interval '1 millisecond'
            from (
                select id from bunbase_jobs
                where status = 'pending' and queue = @Queue and run_at <= now() and action = any(@Actions)
                order by priority desc, run_at
                limit @Max
                for update skip locked) due
            where j.id = due.id
            returning j.id, j.queue, j.action, j.input, j.attempts as attempt, j.max_attempts, j.trace_parent, j.run_at, now() as claimed_at, j.created_at, j.cron_tick
            """,
        Complete = "delete from bunbase_jobs where id = any(@Ids) and lease_owner = @Owner",
        Fail = """
            update bunbase_jobs set
                status = case when @Dead then 'dead' else 'pending' end,
                run_at = case when @Dead then run_at else now() + @RetryMs * interval '1 millisecond' end,
                died_at = case when @Dead then now() end,
                last_error = @Error, lease_owner = null, lease_until = null
            where id = @Id and lease_owner = @Owner
            """,
        ExtendLeases = "update bunbase_jobs set lease_until = now() + @LeaseMs * interval '1 millisecond' where id = any(@Ids) and lease_owner = @Owner and status = 'running' returning id",
        Release = """
            update bunbase_jobs set status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(), lease_owner = null, lease_until = null
            where id = any(@Ids) and lease_owner = @Owner and status = 'running';
            select pg_notify('bunbase_jobs', '');
            """,
        ReapExpiredLeases = """
            update bunbase_jobs set
                status = case when attempts >= max_attempts then 'dead' else 'pending' end,
                died_at = case when attempts >= max_attempts then now() end,
                last_error = 'the worker running attempt ' || attempts || ' stopped answering (its lease expired)',
                lease_owner = null, lease_until = null
            where status = 'running' and lease_until < now()
            returning queue, action, status = 'dead' as dead
            """,
        BuryUnknownActions = """
            update bunbase_jobs set status = 'dead', died_at = now(),
                last_error = 'no instance runs action ''' || action || ''' (renamed or removed?); it waited ' || @GraceMs || ' ms after it was due'
            where status = 'pending' and run_at < now() - @GraceMs * interval '1 millisecond' and not (action = any(@Known))
            returning queue, action, true as dead
            """,
        NextDueInMs = "select extract(epoch from min(run_at) - now()) * 1000 from bunbase_jobs where status = 'pending' and queue = @Queue and action = any(@Actions)",
        ListDead = """
            select id, queue, action, input, attempts, last_error, created_at, died_at from bunbase_jobs
            where status = 'dead' and (@Action::text is null or action = @Action)
            order by died_at desc limit @Limit
            """,
        RetryDead = "update bunbase_jobs set status = 'pending', attempts = 0, run_at = now(), died_at = null where status = 'dead' and (@Id::uuid is null or id = @Id) and (@Action::text is null or action = @Action)",
        PurgeDead = "delete from bunbase_jobs where status = 'dead' and (@Id::uuid is null or id = @Id) and (@Action::text is null or action = @Action)",
        RecordCronTick = "insert into bunbase_cron_ticks (action, tick_at, job_id) values (@Action, @Tick, @JobId) on conflict do nothing",
        Housekeep = """
            delete from bunbase_job_keys where expires_at < now();
            delete from bunbase_cron_ticks where tick_at < now() - interval '7 days';
            delete from bunbase_jobs where id in (
                select id from bunbase_jobs where status = 'dead' and died_at < now() - @RetentionMs * interval '1 millisecond' limit 10000);
            """,
        NotifyAll = "select pg_notify('bunbase_jobs', '')",
        WriteIsolation = IsolationLevel.Unspecified,
        IdsAsText = false,
        ServerClock = true,
    };
}
