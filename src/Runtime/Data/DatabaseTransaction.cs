using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Bunbase.Runtime.Observability;
using Dapper;

namespace Bunbase.Runtime.Data;

/// <summary>
/// The database handed to <c>ctx.Db.TransactionAsync(tx =&gt; ...)</c>: every statement runs on the
/// transaction's connection. It stops working when the transaction ends.
/// </summary>
internal sealed class DatabaseTransaction(DatabaseBackend backend, DbConnection connection, DbTransaction transaction, CancellationToken cancellation) : DapperDatabase
{
    private List<Func<Task>>? _onCommitted;
    private bool _ended;

    public override DatabaseBackend Backend => backend;

    public override ISqlDatabase Primary => this;

    public DbConnection Connection => _ended ? throw Ended() : connection;

    public DbTransaction DbTransaction => _ended ? throw Ended() : transaction;

    /// <summary>Runs after a successful commit (for example, waking queue workers); never on rollback.</summary>
    public void OnCommitted(Func<Task> callback) => (_onCommitted ??= []).Add(callback);

    /// <summary>Transactions do not nest: the work runs in this one.</summary>
    public override Task<TResult> TransactionAsync<TResult>(Func<ISqlDatabase, Task<TResult>> work, IsolationLevel isolationLevel = IsolationLevel.ReadCommitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _ended ? throw Ended() : work(this);
    }

    protected internal override async Task<T> Run<T>(string sql, object? parameters, CancellationToken cancellationToken, Func<DbConnection, CommandDefinition, Task<T>> dapper)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        if (_ended)
            throw Ended();
        var token = cancellationToken.CanBeCanceled ? cancellationToken : cancellation;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await dapper(connection, new CommandDefinition(sql, parameters, transaction, cancellationToken: token)).ConfigureAwait(false);
        }
        finally
        {
            RuntimeInstruments.DbQueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, Database.PrimaryTarget);
        }
    }

    internal void End() => _ended = true;

    internal async Task RunCommittedCallbacksAsync()
    {
        if (_onCommitted is null)
            return;
        foreach (var callback in _onCommitted)
            await callback().ConfigureAwait(false);
    }

    private static InvalidOperationException Ended() =>
        new("This transaction has ended; use ctx.Db (or start a new transaction) after Transaction(...) returns.");
}
