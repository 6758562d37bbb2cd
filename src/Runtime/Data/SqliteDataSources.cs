using System.Data.Common;
using Bunbase.Runtime.Configuration;
using Microsoft.Data.Sqlite;

namespace Bunbase.Runtime.Data;

/// <summary>The embedded database: one SQLite file in write-ahead-log mode, shared by the process's connections.</summary>
internal static class SqliteDataSources
{
    public static DbDataSource Build(string path, DatabaseOptions options)
    {
        ReserveThreads();
        var settings = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy database (another writer) until this many seconds pass.
            DefaultTimeout = options.CommandTimeoutMs == 0 ? 0 : PostgresDataSources.WholeSeconds(options.CommandTimeoutMs),
        };
        return SqliteFactory.Instance.CreateDataSource(settings.ConnectionString);
    }

    /// <summary>
    /// Microsoft.Data.Sqlite's async methods run synchronously, and a writer waiting for SQLite's lock
    /// sleeps on its thread: every ctx.Db call, store and run-log flush on the embedded file holds a
    /// thread-pool thread. With the pool's default minimum (one per core) a few such calls starve request
    /// handling until the pool grows, about one thread per half second (measured: hello p99 486 ms with
    /// the run log on the embedded file; 5.9 ms with this). A higher minimum only lets the pool add
    /// threads without that delay when they are needed.
    /// </summary>
    private static void ReserveThreads() => Foundation.ThreadReserve.Ensure();

    /// <summary>What a <see cref="Database"/> on the file needs besides its data source.</summary>
    public static SqliteFile Access(DatabaseOptions options) => new(ConnectionPragmas(options), new SqliteWriterTurns(options.CommandTimeoutMs));

    /// <summary>
    /// Per-connection settings (pooled connections keep them; running them again costs microseconds).
    /// <c>busy_timeout</c> makes SQLite itself wait for another writer's lock, retrying after 1, 2, 5, 10 ... ms.
    /// Without it SQLite reports the lock at once and Microsoft.Data.Sqlite retries after a fixed 150 ms sleep,
    /// so under concurrent writes every wait cost 150 ms or more (db-write p99 650 ms on the embedded file).
    /// The library's own loop still bounds the wait by the command timeout.
    /// </summary>
    private static string ConnectionPragmas(DatabaseOptions options) =>
        $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {(options.CommandTimeoutMs == 0 ? int.MaxValue : options.CommandTimeoutMs).ToString(System.Globalization.CultureInfo.InvariantCulture)};";

    /// <summary>Settings stored in the file itself, applied once at start.</summary>
    public const string FilePragmas = "PRAGMA journal_mode = WAL;";
}

/// <summary>The embedded file's per-connection pragmas and its writers' turns.</summary>
internal sealed record SqliteFile(string ConnectionPragmas, SqliteWriterTurns WriterTurns);
