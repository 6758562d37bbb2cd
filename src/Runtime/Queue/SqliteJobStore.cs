using System.Data.Common;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Jobs in the embedded SQLite file, for one process: the same contract as
/// <see cref="PostgresJobStore"/>, with times from the process's clock (milliseconds since the
/// epoch) and each claim a single atomic UPDATE ... RETURNING under SQLite's one writer.
/// </summary>
internal sealed class SqliteJobStore(Database database, TimeProvider clock) : IJobStore
{
    private const string Insert = """
        insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts, trace_parent, idempotency_key, cron_tick, created_at)
        values (@Id, @Queue, @Action, @Input, @Priority, @RunAtMs, @MaxAttempts, @TraceParent, @IdempotencyKey, @CronTickMs, @NowMs)
        """;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, JobSchema.PostgreSql, JobSchema.Sqlite, cancellationToken);

    public async Task<Guid> EnqueueAsync(NewJob job, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
            return await EnqueueAsync(transaction.Connection, transaction.DbTransaction, job, cancellationToken).ConfigureAwait(false);
        return await InTransactionAsync(async (connection, own) => await EnqueueAsync(connection, own, job, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string queue, string[] actions, int max, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now();
        return WithConnectionAsync(
            async connection => (IReadOnlyList<ClaimedJob>)(await connection.QueryAsync<ClaimedJob>(new CommandDefinition(
                """
                update bunbase_jobs
                set status = 'running', attempts = attempts + 1, lease_owner = @Owner, lease_until = @LeaseUntil
                where id in (
                    select id from bunbase_jobs
                    where status = 'pending' and queue = @Queue and run_at <= @Now and action in @Actions
                    order by priority desc, run_at
                    limit @Max)
                returning id, queue, action, input, attempts as attempt, max_attempts, trace_parent, run_at, @Now as claimed_at, created_at, cron_tick
                """,
                new { Queue = queue, Actions = actions, Max = max, Owner = owner, Now = now, LeaseUntil = now + (long)lease.TotalMilliseconds },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);
    }

    public Task CompleteAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync("delete from bunbase_jobs where id in @Ids and lease_owner = @Owner", new { Ids = Text(ids), Owner = owner }, cancellationToken);

    public Task FailAsync(Guid id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            update bunbase_jobs set
                status = case when @Dead then 'dead' else 'pending' end,
                run_at = case when @Dead then run_at else @Now + @RetryMs end,
                died_at = case when @Dead then @Now end,
                last_error = @Error, lease_owner = null, lease_until = null
            where id = @Id and lease_owner = @Owner
            """,
            new { Id = id, Owner = owner, Error = error, Dead = retryAfter is null, RetryMs = (long)(retryAfter?.TotalMilliseconds ?? 0), Now = Now() },
            cancellationToken);

    public Task<IReadOnlyList<Guid>> ExtendLeasesAsync(IReadOnlyList<Guid> ids, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection => (IReadOnlyList<Guid>)(await connection.QueryAsync<Guid>(new CommandDefinition(
                "update bunbase_jobs set lease_until = @LeaseUntil where id in @Ids and lease_owner = @Owner and status = 'running' returning id",
                new { Ids = Text(ids), Owner = owner, LeaseUntil = Now() + (long)lease.TotalMilliseconds },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public Task ReleaseAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update bunbase_jobs set status = 'pending', attempts = max(attempts - 1, 0), run_at = @Now, lease_owner = null, lease_until = null where id in @Ids and lease_owner = @Owner and status = 'running'",
            new { Ids = Text(ids), Owner = owner, Now = Now() },
            cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> ReapExpiredLeasesAsync(CancellationToken cancellationToken) =>
        ReapAsync(
            """
            update bunbase_jobs set
                status = case when attempts >= max_attempts then 'dead' else 'pending' end,
                died_at = case when attempts >= max_attempts then @Now end,
                last_error = 'the worker running attempt ' || attempts || ' stopped answering (its lease expired)',
                lease_owner = null, lease_until = null
            where status = 'running' and lease_until < @Now
            returning queue, action, status = 'dead' as dead
            """,
            new { Now = Now() },
            cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> BuryUnknownActionsAsync(string[] known, TimeSpan grace, CancellationToken cancellationToken) =>
        ReapAsync(
            """
            update bunbase_jobs set status = 'dead', died_at = @Now,
                last_error = 'no instance runs action ''' || action || ''' (renamed or removed?); it waited ' || @GraceMs || ' ms after it was due'
            where status = 'pending' and run_at < @Now - @GraceMs and action not in @Known
            returning queue, action, 1 as dead
            """,
            new { Known = known, GraceMs = (long)grace.TotalMilliseconds, Now = Now() },
            cancellationToken);

    public Task<TimeSpan?> NextDueInAsync(string queue, string[] actions, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    "select min(run_at) from bunbase_jobs where status = 'pending' and queue = @Queue and action in @Actions",
                    new { Queue = queue, Actions = actions },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return next is { } at ? TimeSpan.FromMilliseconds(Math.Max(0, at - Now())) : (TimeSpan?)null;
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
                where status = 'dead' and (@Action is null or action = @Action)
                order by died_at desc limit @Limit
                """,
                new { Action = action, Limit = limit },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    public Task<int> RetryDeadAsync(Guid? id, string? action, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update bunbase_jobs set status = 'pending', attempts = 0, run_at = @Now, died_at = null where status = 'dead' and (@Id is null or id = @Id) and (@Action is null or action = @Action)",
            new { Id = id, Action = action, Now = Now() },
            cancellationToken);

    public Task<int> PurgeDeadAsync(Guid? id, string? action, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "delete from bunbase_jobs where status = 'dead' and (@Id is null or id = @Id) and (@Action is null or action = @Action)",
            new { Id = id, Action = action },
            cancellationToken);

    public Task<bool> RecordCronTickAsync(string action, DateTimeOffset tick, NewJob job, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) =>
            {
                var claimed = await connection.ExecuteAsync(new CommandDefinition(
                    "insert into bunbase_cron_ticks (action, tick_at, job_id) values (@Action, @Tick, @JobId) on conflict do nothing",
                    new { Action = action, Tick = tick.ToUnixTimeMilliseconds(), JobId = job.Id },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (claimed > 0)
                    await EnqueueAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
                return claimed > 0;
            },
            cancellationToken);

    public Task HousekeepAsync(TimeSpan deadRetention, CancellationToken cancellationToken)
    {
        var now = Now();
        return ExecuteAsync(
            """
            delete from bunbase_job_keys where expires_at < @Now;
            delete from bunbase_cron_ticks where tick_at < @Now - 604800000;
            delete from bunbase_jobs where status = 'dead' and died_at < @Now - @RetentionMs;
            """,
            new { Now = now, RetentionMs = (long)deadRetention.TotalMilliseconds },
            cancellationToken);
    }

    private async Task<Guid> EnqueueAsync(DbConnection connection, DbTransaction? transaction, NewJob job, CancellationToken cancellationToken)
    {
        var now = Now();
        if (job.IdempotencyKey is not null)
        {
            var existing = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "select job_id from bunbase_job_keys where key = @Key and expires_at >= @Now",
                new { Key = job.IdempotencyKey, Now = now },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (existing is { } id)
                return id;
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into bunbase_job_keys (key, job_id, expires_at) values (@Key, @Id, @ExpiresAt) on conflict (key) do update set job_id = excluded.job_id, expires_at = excluded.expires_at",
                new { Key = job.IdempotencyKey, job.Id, ExpiresAt = now + (long)job.IdempotencyWindowMs },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var runAt = job.RunAt?.ToUnixTimeMilliseconds() ?? now + (long)job.DelayMs;
        await connection.ExecuteAsync(new CommandDefinition(
            Insert,
            new { job.Id, job.Queue, job.Action, job.Input, job.Priority, RunAtMs = runAt, job.MaxAttempts, job.TraceParent, job.IdempotencyKey, CronTickMs = job.CronTick?.ToUnixTimeMilliseconds(), NowMs = now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return job.Id;
    }

    /// <summary>Dapper expands <c>in @Ids</c> one element at a time without the Guid handler: pass the text SQLite stores.</summary>
    private static string[] Text(IReadOnlyList<Guid> ids) => [.. ids.Select(id => id.ToString("D"))];

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<IReadOnlyList<ReapedJob>> ReapAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async c => (IReadOnlyList<ReapedJob>)(await c.QueryAsync<ReapedJob>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    private Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>BEGIN IMMEDIATE: takes SQLite's write lock first, so a read-then-write cannot interleave with another writer.</summary>
    private Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            },
            cancellationToken);

    private Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(work, cancellationToken);
}
