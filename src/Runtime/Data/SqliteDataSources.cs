using System.Data.Common;
using Bunbase.Runtime.Configuration;
using Microsoft.Data.Sqlite;

namespace Bunbase.Runtime.Data;

/// <summary>The embedded database: one SQLite file in write-ahead-log mode, shared by the process's connections.</summary>
internal static class SqliteDataSources
{
    public static DbDataSource Build(string path, DatabaseOptions options)
    {
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

    /// <summary>Per-connection settings (pooled connections keep them; running them again costs microseconds).</summary>
    public const string ConnectionPragmas = "PRAGMA synchronous = NORMAL;";

    /// <summary>Settings stored in the file itself, applied once at start.</summary>
    public const string FilePragmas = "PRAGMA journal_mode = WAL;";
}
