using System.Data.Common;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Jobs in the database: PostgreSQL (shared by every instance) or the embedded SQLite file, one
/// store whose SQL comes from the dialect's <see cref="JobStatements"/>. Statements that read and
/// then write (an idempotent enqueue, a cron tick) run in one transaction.
/// </summary>
internal sealed class SqlJobStore(Database database, JobStatements sql, TimeProvider clock) : IJobStore
{
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, JobSchema.PostgreSql, JobSchema.Sqlite, cancellationToken);

    public async Task<Guid> EnqueueAsync(NewJob job, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
            return await EnqueueAsync(transaction.Connection, transaction.DbTransaction, job, cancellationToken).ConfigureAwait(false);
        if (job.IdempotencyKey is null)
            return await WithConnectionAsync(c => EnqueueAsync(c, null, job, cancellationToken), cancellationToken).ConfigureAwait(false);

        // The key and the job commit together.
        return await InTransactionAsync((c, own) => EnqueueAsync(c, own, job, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string queue, string[] actions, int max, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        QueryAsync<ClaimedJob>(sql.Claim, new { Queue = queue, Actions = actions, Max = max, Owner = owner, LeaseMs = Milliseconds(lease), Now = Now() }, cancellationToken);

    public Task CompleteAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(sql.Complete, new { Ids = Ids(ids), IdTexts = IdTexts(ids), Owner = owner }, cancellationToken);

    public Task FailAsync(Guid id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        ExecuteAsync(
            sql.Fail,
            new { Id = id, Owner = owner, Error = error, Dead = retryAfter is null, RetryMs = Milliseconds(retryAfter ?? TimeSpan.Zero), Now = Now() },
            cancellationToken);

    public Task<IReadOnlyList<Guid>> ExtendLeasesAsync(IReadOnlyList<Guid> ids, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        QueryAsync<Guid>(sql.ExtendLeases, new { Ids = Ids(ids), IdTexts = IdTexts(ids), Owner = owner, LeaseMs = Milliseconds(lease), Now = Now() }, cancellationToken);

    public Task ReleaseAsync(IReadOnlyList<Guid> ids, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(sql.Release, new { Ids = Ids(ids), IdTexts = IdTexts(ids), Owner = owner, Now = Now() }, cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> ReapExpiredLeasesAsync(CancellationToken cancellationToken) =>
        QueryAsync<ReapedJob>(sql.ReapExpiredLeases, new { Now = Now() }, cancellationToken);

    public Task<IReadOnlyList<ReapedJob>> BuryUnknownActionsAsync(string[] known, TimeSpan grace, CancellationToken cancellationToken) =>
        QueryAsync<ReapedJob>(sql.BuryUnknownActions, new { Known = known, GraceMs = Milliseconds(grace), Now = Now() }, cancellationToken);

    public Task<TimeSpan?> NextDueInAsync(string queue, string[] actions, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var ms = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
                    sql.NextDueInMs, new { Queue = queue, Actions = actions, Now = Now() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return ms is { } wait ? TimeSpan.FromMilliseconds(Math.Max(0, wait)) : (TimeSpan?)null;
            },
            cancellationToken);

    public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) =>
        QueryAsync<QueueDepth>("select queue, priority, count(*) as pending from bunbase_jobs where status = 'pending' group by queue, priority", null, cancellationToken);

    public Task<IReadOnlyList<DeadJob>> ListDeadAsync(string? action, int limit, CancellationToken cancellationToken) =>
        QueryAsync<DeadJob>(sql.ListDead, new { Action = action, Limit = limit }, cancellationToken);

    public async Task<int> RetryDeadAsync(Guid? id, string? action, CancellationToken cancellationToken)
    {
        var retried = await ExecuteAsync(sql.RetryDead, new { Id = id, Action = action, Now = Now() }, cancellationToken).ConfigureAwait(false);
        if (retried > 0 && sql.NotifyAll is { } notify)
            await ExecuteAsync(notify, null, cancellationToken).ConfigureAwait(false);
        return retried;
    }

    public Task<int> PurgeDeadAsync(Guid? id, string? action, CancellationToken cancellationToken) =>
        ExecuteAsync(sql.PurgeDead, new { Id = id, Action = action }, cancellationToken);

    public Task<bool> RecordCronTickAsync(string action, DateTimeOffset tick, NewJob job, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) =>
            {
                var claimed = await connection.ExecuteAsync(new CommandDefinition(
                    sql.RecordCronTick,
                    new { Action = action, Tick = tick, TickMs = tick.ToUnixTimeMilliseconds(), JobId = job.Id },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (claimed > 0)
                    await EnqueueAsync(connection, transaction, job, cancellationToken).ConfigureAwait(false);
                return claimed > 0;
            },
            cancellationToken);

    public Task HousekeepAsync(TimeSpan deadRetention, CancellationToken cancellationToken) =>
        ExecuteAsync(sql.Housekeep, new { RetentionMs = Milliseconds(deadRetention), Now = Now() }, cancellationToken);

    private async Task<Guid> EnqueueAsync(DbConnection connection, DbTransaction? transaction, NewJob job, CancellationToken cancellationToken)
    {
        var now = Now();
        if (job.IdempotencyKey is not null)
        {
            // The key row decides: a live key returns its job; an expired one is taken over.
            var taken = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                sql.TakeKey,
                new { Key = job.IdempotencyKey, job.Id, WindowMs = (long)job.IdempotencyWindowMs, Now = now },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (taken is null)
            {
                return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "select job_id from bunbase_job_keys where key = @Key", new { Key = job.IdempotencyKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        if (sql.ServerClock && job.RunAt is { } runAt)
            job = job with { RunAt = null, DelayMs = Math.Max(0, (runAt - clock.GetUtcNow()).TotalMilliseconds) };
        await connection.ExecuteAsync(new CommandDefinition(
            sql.Insert,
            new
            {
                job.Id, job.Queue, job.Action, job.Input, job.Priority, job.RunAt, RunAtMs = job.RunAt?.ToUnixTimeMilliseconds(), job.DelayMs, job.MaxAttempts,
                job.TraceParent, job.IdempotencyKey, job.CronTick, CronTickMs = job.CronTick?.ToUnixTimeMilliseconds(), Now = now,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return job.Id;
    }

    private Guid[]? Ids(IReadOnlyList<Guid> ids) => sql.IdsAsText ? null : [.. ids];

    private string[]? IdTexts(IReadOnlyList<Guid> ids) => sql.IdsAsText ? [.. ids.Select(id => id.ToString("D"))] : null;

    private static long Milliseconds(TimeSpan duration) => (long)duration.TotalMilliseconds;

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<IReadOnlyList<T>> QueryAsync<T>(string statement, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async c => (IReadOnlyList<T>)(await c.QueryAsync<T>(new CommandDefinition(statement, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    private Task<int> ExecuteAsync(string statement, object? parameters, CancellationToken cancellationToken) =>
        WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(statement, parameters, cancellationToken: cancellationToken)), cancellationToken);

    private Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(sql.WriteIsolation, cancellationToken).ConfigureAwait(false);
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
