using System.Collections.Immutable;
using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Data;

/// <summary>Builds the <see cref="Database"/> that <c>database.*</c> describes: PostgreSQL (with replicas) or the embedded SQLite file.</summary>
internal static class DatabaseFactory
{
    /// <summary>Refuses malformed URLs and impossible combinations at start, before anything connects.</summary>
    public static void Validate(DatabaseOptions options)
    {
        if (options.Url is null)
        {
            if (options.ReadReplicas.Length > 0)
                throw new StartupException("database.readReplicas needs database.url: the embedded SQLite database has no replicas");
            return;
        }

        var primary = DatabaseUrl.Parse(options.Url, "database.url");
        for (var i = 0; i < options.ReadReplicas.Length; i++)
            ReplicaLocation(primary, options.ReadReplicas[i], i);
    }

    public static Database Create(BunbaseOptions options, string contentRoot, ILoggerFactory loggers)
    {
        var settings = options.Database;
        if (settings.Url is null)
        {
            var path = EmbeddedPath(settings, contentRoot);
            return new Database(DatabaseBackend.Sqlite, SqliteDataSources.Build(path, settings), path, [], sqlite: SqliteDataSources.Access(settings));
        }

        var primary = DatabaseUrl.Parse(settings.Url, "database.url");
        var replicas = settings.ReadReplicas
            .Select((url, i) => ReplicaLocation(primary, url, i))
            .Select(location => new Replica(PostgresDataSources.Build(location, settings, options.Name, loggers), DatabaseUrl.Describe(location)))
            .ToImmutableArray();
        // Jobs get a classic pool of their own (connections opened only as jobs use them): see Database.JobSource.
        var jobs = PostgresDataSources.Build(primary, settings, options.Name, loggers, settings.MaxPoolSize);
        return new Database(DatabaseBackend.PostgreSql, PostgresDataSources.Build(primary, settings, options.Name, loggers), DatabaseUrl.Describe(primary), replicas, jobs);
    }

    /// <summary>A small pool of its own on the primary PostgreSQL server, never multiplexed (binary COPY needs a connection to itself).</summary>
    public static NpgsqlDataSource CreateDedicatedPrimary(BunbaseOptions options, int poolSize, ILoggerFactory loggers) =>
        PostgresDataSources.Build(DatabaseUrl.Parse(options.Database.Url!, "database.url"), options.Database, options.Name, loggers, poolSize);

    public static string EmbeddedPath(DatabaseOptions options, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, options.EmbeddedPath));

    /// <summary>A replica URL may leave out what it shares with the primary: user, password, database.</summary>
    private static NpgsqlConnectionStringBuilder ReplicaLocation(NpgsqlConnectionStringBuilder primary, string url, int index)
    {
        var replica = DatabaseUrl.Parse(url, $"database.readReplicas[{index}]");
        replica.Username ??= primary.Username;
        replica.Password ??= primary.Password;
        replica.Database ??= primary.Database;
        return replica;
    }
}
