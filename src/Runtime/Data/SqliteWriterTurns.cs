using Microsoft.Data.Sqlite;

namespace Bunbase.Runtime.Data;

/// <summary>
/// <c>ctx.Db</c>'s writes on the embedded file, one at a time in the order they came. SQLite has one writer at
/// a time, and a writer that finds the lock taken can only poll for it (<c>busy_timeout</c>), so 50 concurrent
/// writers spent their time retrying. Waiting here instead costs no thread and ends as soon as the writer before
/// it does. The runtime's own stores (the run log, the queue, ...) still meet ctx.Db at SQLite's lock.
/// </summary>
internal sealed class SqliteWriterTurns(int commandTimeoutMs)
{
    /// <summary>SQLITE_BUSY, the error a writer gets from SQLite when its wait for the lock times out.</summary>
    public const int BusyErrorCode = 5;

    // Never disposed: it holds no handle unless AvailableWaitHandle is asked for, and a turn may end after the database is disposed.
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this writer's turn, at most <c>database.commandTimeoutMs</c>; dispose the result to end it.</summary>
    public async ValueTask<Turn> WaitAsync(CancellationToken cancellationToken)
    {
        var timeout = commandTimeoutMs == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(commandTimeoutMs);
        if (!await _turn.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
            throw new SqliteException($"SQLite Error 5: 'database is locked': other writers held the embedded file for database.commandTimeoutMs ({commandTimeoutMs} ms).", BusyErrorCode);
        return new Turn(_turn);
    }

    /// <summary>A writer's turn; <c>default</c> is no turn (on PostgreSQL), and disposing it does nothing.</summary>
    public readonly struct Turn(SemaphoreSlim? turn) : IDisposable
    {
        public void Dispose() => turn?.Release();
    }
}
