using System.Data.Common;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Jobs in PostgreSQL, shared by every instance. Workers claim batches with
/// <c>FOR UPDATE SKIP LOCKED</c> (no global lock), and every enqueue notifies the
/// <see cref="Channel"/> channel in its own transaction, so listeners hear of a job when it commits.
/// Times come from the server's clock, the one every instance shares.
/// </summary>
internal sealed class PostgresJobStore(Database database) : IJobStore
{
    public const string Channel = "bunbase_jobs";

    private const string Insert = """
        insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts, trace_parent, idempotency_key, cron_tick)
        values (@Id, @Queue, @Action, @Input, @Priority, coalesce(@RunAt::timestamptz, now() + @DelayMs * interval '1 millisecond'), @MaxAttempts, @TraceParent, @IdempotencyKey, @CronTick::timestamptz);
        select pg_notify('bunbase_jobs', @Queue);
        """;

    private const string Claim = """
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
        """;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, JobSchema.PostgreSql, JobSchema.Sqlite, cancellationToken);

    public async Task<Guid> EnqueueAsync(NewJob job, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
            return await EnqueueAsync(transaction.Connection, transaction.DbTransaction, job, cancellationToken).ConfigureAwait(false);
        if (job.IdempotencyKey is null)
            return await WithConnectionAsync(c => EnqueueAsync(c, null, job, cancellationToken), cancellationToken).ConfigureAwait(false);

        // The key and the job commit together.
        return await WithConnectionAsync(
            async connection =>
            {
                var own = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (own.ConfigureAwait(false))
                {
                    var id = await EnqueueAsync(connection, own, job, cancellationToken).ConfigureAwait(false);
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return id;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string queue, string[] actions, int max, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection => (IReadOnlyList<ClaimedJob>)(await connection.QueryAsync<ClaimedJob>(new CommandDefinition(
                Claim, new { Queue = queue, Actions = actions, Max = max, Owner = owner, LeaseMs = lease.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public Task CompleteAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync("delete from bunbase_jobs where id = any(@Ids) and lease_owner = @Owner", new { Ids = ids.ToArray(), Owner = owner }, cancellationToken);

    public Task FailAsync(Guid id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            update bunbase_jobs set
                status = case when @Dead then 'dead' else 'pending' end,
                run_at = case when @Dead then run_at else now() + @RetryMs * interval '1 millisecond' end,
                died_at = case when @Dead then now() end,
                last_error = @Error, lease_owner = null, lease_until = null
            where id = @Id and lease_owner = @Owner
            """,
            new { Id = id, Owner = owner, Error = error, Dead = retryAfter is null, RetryMs = retryAfter?.TotalMilliseconds ?? 0 },
            cancellationToken);

    public Task<IReadOnlyList<Guid>> ExtendLeasesAsync(IReadOnlyList<Guid> ids, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection => (IReadOnlyList<Guid>)(await connection.QueryAsync<Guid>(new CommandDefinition(
                "update bunbase_jobs set lease_until = now() + @LeaseMs * interval '1 millisecond' where id = any(@Ids) and lease_owner = @Owner and status = 'running' returning id",
                new { Ids = ids.ToArray(), Owner = owner, LeaseMs = lease.TotalMilliseconds },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public Task ReleaseAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            update bunbase_jobs set status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(), lease_owner = null, lease_until = null
            where id = any(@Ids) and lease_owner = @Owner and status = 'running';
            select pg_notify('bunbase_jobs', '');
            """,
            new { Ids = ids.ToArray(), Owner = owner },
            cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> ReapExpiredLeasesAsync(CancellationToken cancellationToken) =>
        ReapAsync(
            """
            update bunbase_jobs set
                status = case when attempts >= max_attempts then 'dead' else 'pending' end,
                died_at = case when attempts >= max_attempts then now() end,
                last_error = 'the worker running attempt ' || attempts || ' stopped answering (its lease expired)',
                lease_owner = null, lease_until = null
            where status = 'running' and lease_until < now()
            returning queue, action, status = 'dead' as dead
            """,
            null,
            cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> BuryUnknownActionsAsync(string[] known, TimeSpan grace, CancellationToken cancellationToken) =>
        ReapAsync(
            """
            update bunbase_jobs set status = 'dead', died_at = now(),
                last_error = 'no instance runs action ''' || action || ''' (renamed or removed?); it waited ' || @GraceMs || ' ms after it was due'
            where status = 'pending' and run_at < now() - @GraceMs * interval '1 millisecond' and not (action = any(@Known))
            returning queue, action, true as dead
            """,
            new { Known = known, GraceMs = (long)grace.TotalMilliseconds },
            cancellationToken);

    public Task<TimeSpan?> NextDueInAsync(string queue, string[] actions, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var ms = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
                    "select extract(epoch from min(run_at) - now()) * 1000 from bunbase_jobs where status = 'pending' and queue = @Queue and action = any(@Actions)",
                    new { Queue = queue, Actions = actions },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return ms is { } wait ? TimeSpan.FromMilliseconds(Math.Max(0, wait)) : (TimeSpan?)null;
            },
            cancellationToken);

    public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection => (IReadOnlyList<QueueDepth>)(await connection.QueryAsync<QueueDepth>(new CommandDefinition(
                "select queue, priority, count(*) as pending from bunbase_jobs where status = 'pending' group by queue, priority",
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public Task<IReadOnlyList<DeadJob>> ListDeadAsync(string? action, int limit, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection => (IReadOnlyList<DeadJob>)(await connection.QueryAsync<DeadJob>(new CommandDefinition(
                """
                select id, queue, action, input, attempts, last_error, created_at, died_at from bunbase_jobs
                where status = 'dead' and (@Action::text is null or action = @Action)
                order by died_at desc limit @Limit
                """,
                new { Action = action, Limit = limit },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public async Task<int> RetryDeadAsync(Guid? id, string? action, CancellationToken cancellationToken)
    {
        var retried = await ExecuteAsync(
            "update bunbase_jobs set status = 'pending', attempts = 0, run_at = now(), died_at = null where status = 'dead' and (@Id::uuid is null or id = @Id) and (@Action::text is null or action = @Action)",
            new { Id = id, Action = action },
            cancellationToken).ConfigureAwait(false);
        if (retried > 0)
            await ExecuteAsync("select pg_notify('bunbase_jobs', '')", null, cancellationToken).ConfigureAwait(false);
        return retried;
    }

    public Task<int> PurgeDeadAsync(Guid? id, string? action, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "delete from bunbase_jobs where status = 'dead' and (@Id::uuid is null or id = @Id) and (@Action::text is null or action = @Action)",
            new { Id = id, Action = action },
            cancellationToken);

    public Task<bool> RecordCronTickAsync(string action, DateTimeOffset tick, NewJob job, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var claimed = await connection.ExecuteAsync(new CommandDefinition(
                        "insert into bunbase_cron_ticks (action, tick_at, job_id) values (@Action, @Tick, @JobId) on conflict do nothing",
                        new { Action = action, Tick = tick, JobId = job.Id },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (claimed == 0)
                        return false;
                    await EnqueueAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
            },
            cancellationToken);

    public Task HousekeepAsync(TimeSpan deadRetention, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            delete from bunbase_job_keys where expires_at < now();
            delete from bunbase_cron_ticks where tick_at < now() - interval '7 days';
            delete from bunbase_jobs where id in (
                select id from bunbase_jobs where status = 'dead' and died_at < now() - @RetentionMs * interval '1 millisecond' limit 10000);
            """,
            new { RetentionMs = deadRetention.TotalMilliseconds },
            cancellationToken);

    private static async Task<Guid> EnqueueAsync(DbConnection connection, DbTransaction? transaction, NewJob job, CancellationToken cancellationToken)
    {
        if (job.IdempotencyKey is not null)
        {
            // The key row decides: a live key returns its job; an expired one is taken over.
            var taken = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                insert into bunbase_job_keys (key, job_id, expires_at) values (@IdempotencyKey, @Id, now() + @IdempotencyWindowMs * interval '1 millisecond')
                on conflict (key) do update set job_id = excluded.job_id, expires_at = excluded.expires_at where bunbase_job_keys.expires_at < now()
                returning job_id
                """,
                job,
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (taken is null)
            {
                return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "select job_id from bunbase_job_keys where key = @IdempotencyKey", job, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(Insert, job, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return job.Id;
    }

    private Task<IReadOnlyList<ReapedJob>> ReapAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async c => (IReadOnlyList<ReapedJob>)(await c.QueryAsync<ReapedJob>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    private Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    private Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(work, cancellationToken);
}
