using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Bunbase.Runtime.Observability;
using Dapper;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// <c>ctx.Db</c> for one invocation (shared with its nested calls). Routes reads to a replica until
/// the invocation writes; from then on everything goes to the primary, so it reads its own writes.
/// While a <see cref="TransactionAsync{TResult}"/> runs, every statement goes through it. Its primary
/// statements use <paramref name="primarySource"/>: the request pool, or the jobs' own.
/// </summary>
internal sealed class DatabaseSession(Database database, DbDataSource primarySource, CancellationToken cancellation) : DapperDatabase
{
    private bool _wrote;
    private PrimaryDatabase? _primary;

    public override DatabaseBackend Backend => database.Backend;

    public override ISqlDatabase Primary => _primary ??= new PrimaryDatabase(this);

    /// <summary>The open transaction, if any: the queue enqueues through it so a job commits with the caller's work.</summary>
    public DatabaseTransaction? CurrentTransaction { get; private set; }

    /// <summary>Whether this invocation has written (or opened a transaction): its reads go to the primary.</summary>
    public bool HasWritten => _wrote;

    public override async Task<TResult> TransactionAsync<TResult>(Func<ISqlDatabase, Task<TResult>> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (CurrentTransaction is { } open)
            return await work(open).ConfigureAwait(false);

        var token = cancellationToken.CanBeCanceled ? cancellationToken : cancellation;
        _wrote = true;
        DatabaseTransaction scope;
        TResult result;
        // On the embedded file the whole transaction is one writer's turn; it ends with the transaction, before
        // the committed callbacks (which may write again).
        using (await WaitForTurnAsync(token).ConfigureAwait(false))
        {
            var connection = await database.OpenAsync(primarySource, token).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(isolationLevel, token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    scope = new DatabaseTransaction(database.Backend, connection, transaction, token);
                    CurrentTransaction = scope;
                    try
                    {
                        result = await work(scope).ConfigureAwait(false);
                    }
                    catch
                    {
                        CurrentTransaction = null;
                        scope.End();
                        await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                        throw;
                    }

                    CurrentTransaction = null;
                    scope.End();
                    // The work is done: commit even if the caller has gone away meanwhile.
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        await scope.RunCommittedCallbacksAsync().ConfigureAwait(false);
        return result;
    }

    protected internal override Task<T> Run<T>(string sql, object? parameters, CancellationToken cancellationToken, Func<DbConnection, CommandDefinition, Task<T>> dapper) =>
        Run(sql, parameters, cancellationToken, primary: false, dapper);

    /// <summary>Runs one statement: inside the open transaction, on a replica when it only reads, else on the primary.</summary>
    internal async Task<T> Run<T>(string sql, object? parameters, CancellationToken cancellationToken, bool primary, Func<DbConnection, CommandDefinition, Task<T>> dapper)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : cancellation;
        if (CurrentTransaction is { } transaction)
            return await transaction.Run(sql, parameters, token, dapper).ConfigureAwait(false);

        if (database.HasReplicas && !_wrote)
        {
            if (!SqlClassifier.IsRead(sql))
                _wrote = true;
            else if (!primary && database.PickReplica() is { } replica)
            {
                var serving = replica.Serving;
                try
                {
                    var read = OnAsync(replica.Source, sql, parameters, token, dapper, Database.ReplicaTarget);
                    if (!serving.CanBeCanceled || read.IsCompleted)
                        return await read.ConfigureAwait(false);
                    try
                    {
                        return await read.WaitAsync(serving).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (serving.IsCancellationRequested && !token.IsCancellationRequested)
                    {
                        // Found down while this read waited: it goes to the primary; the abandoned one fails on its own.
                        _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
                {
                    _wrote = true; // it writes after all (a function, say): the primary runs it
                }
                catch (Exception ex) when (Database.IsUnavailable(ex) && !token.IsCancellationRequested)
                {
                    replica.MarkDown(ex.Message);
                }
            }
        }

        if (database.WriterTurns is not null && !SqlClassifier.IsRead(sql))
        {
            using (await WaitForTurnAsync(token).ConfigureAwait(false))
                return await OnAsync(primarySource, sql, parameters, token, dapper, Database.PrimaryTarget).ConfigureAwait(false);
        }

        return await OnAsync(primarySource, sql, parameters, token, dapper, Database.PrimaryTarget).ConfigureAwait(false);
    }

    /// <summary>On the embedded file, this writer's turn (<see cref="SqliteWriterTurns"/>); on PostgreSQL, nothing to wait for.</summary>
    private ValueTask<SqliteWriterTurns.Turn> WaitForTurnAsync(CancellationToken token) =>
        database.WriterTurns?.WaitAsync(token) ?? default;

    private async Task<T> OnAsync<T>(DbDataSource source, string sql, object? parameters, CancellationToken token, Func<DbConnection, CommandDefinition, Task<T>> dapper, KeyValuePair<string, object?> target)
    {
        var started = Stopwatch.GetTimestamp();
        var connection = await database.OpenAsync(source, token).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                return await dapper(connection, new CommandDefinition(sql, parameters, cancellationToken: token)).ConfigureAwait(false);
            }
            finally
            {
                RuntimeInstruments.DbQueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, target);
            }
        }
    }

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            // The connection is broken: the server rolls back an unfinished transaction itself.
        }
    }
}
