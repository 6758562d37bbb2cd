using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Bunbase.Runtime.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bunbase.Runtime.Data.Migrations;

/// <summary>
/// Applies <c>migrations/</c> in version order, each in its own transaction, recording name and
/// checksum in <c>bunbase_migrations</c>. On PostgreSQL a session advisory lock serializes
/// concurrent runs (another instance waits, then finds nothing to do); on SQLite each migration
/// takes the write lock and checks the history again inside it. An applied migration whose file
/// changed, or disappeared, stops everything before anything is applied.
/// </summary>
internal sealed class Migrator(DatabaseBackend backend, string directory, Func<DbConnection> connect, string historyTable = Migrator.MigrationsTable)
{
    private IReadOnlyList<MigrationFile> _codeSteps = [];

    /// <summary>The history of migrations.</summary>
    public const string MigrationsTable = "bunbase_migrations";

    /// <summary>The history of seed files (development data, <c>bunbase seed</c>): applied once each, like migrations.</summary>
    public const string SeedsTable = "bunbase_seeds";

    /// <summary>The advisory lock key: "bunbase!" in ASCII, shared by every Bunbase app on a server (migrations are rare).</summary>
    private const long LockKey = 0x62756e6261736521;

    public string Directory { get; } = directory;

    public DatabaseBackend Backend { get; } = backend;

    /// <summary>The table that records what was applied.</summary>
    public string HistoryTable { get; } = historyTable;

    /// <summary>The seed files of <c>seeds/</c> (beside the configuration), recorded in <see cref="SeedsTable"/>.</summary>
    public static Migrator ForSeeds(BunbaseOptions options, string contentRoot) =>
        For(options, contentRoot, Path.GetFullPath(Path.Combine(contentRoot, "seeds")), SeedsTable);

    /// <summary>
    /// Adds steps written in code (C# seeds), applied in version order with the folder's files; a version
    /// used by a file and a code step is refused.
    /// </summary>
    public Migrator WithCodeSteps(IReadOnlyList<MigrationFile> steps)
    {
        _codeSteps = steps;
        return this;
    }

    public static Migrator For(BunbaseOptions options, string contentRoot) =>
        For(options, contentRoot, Path.GetFullPath(Path.Combine(contentRoot, options.Database.MigrationsPath)), MigrationsTable);

    private static Migrator For(BunbaseOptions options, string contentRoot, string directory, string historyTable)
    {
        if (options.Database.Url is { } url)
        {
            // A plain connection: a session lock needs one physical connection (no multiplexing), and
            // migrations may run longer than any statement timeout meant for requests.
            var settings = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(url, "database.url").ConnectionString)
            {
                Multiplexing = false,
                Pooling = false,
                Timeout = PostgresDataSources.WholeSeconds(options.Database.ConnectTimeoutMs),
                CommandTimeout = 0,
            };
            settings.ApplicationName ??= options.Name + " migrate";
            var connectionString = settings.ConnectionString;
            return new Migrator(DatabaseBackend.PostgreSql, directory, () => new NpgsqlConnection(connectionString), historyTable);
        }

        var file = DatabaseFactory.EmbeddedPath(options.Database, contentRoot);
        var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 60 }.ConnectionString;
        return new Migrator(DatabaseBackend.Sqlite, directory, () =>
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            return new SqliteConnection(sqlite);
        }, historyTable);
    }

    /// <summary>Every migration in the folder or the history, with its status.</summary>
    public async Task<IReadOnlyList<MigrationState>> StatusAsync(CancellationToken cancellationToken)
    {
        var files = Load();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await EnsureHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
            var applied = await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
            return Compare(files, applied);
        }
    }

    /// <summary>Applies every pending migration (or, with <paramref name="dryRun"/>, only says which it would apply).</summary>
    /// <returns>The migrations applied (or that would be).</returns>
    public async Task<IReadOnlyList<MigrationFile>> ApplyAsync(bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var files = Load();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (Backend == DatabaseBackend.PostgreSql)
                await ExecuteAsync(connection, null, "select pg_advisory_lock(@key)", cancellationToken, ("key", LockKey)).ConfigureAwait(false);
            try
            {
                await EnsureHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
                var states = Compare(files, await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false));
                Refuse(states);
                var pending = files.Where(f => states.Any(s => s.Name == f.Name && s.Status == MigrationStatus.Pending)).ToList();
                var applied = new List<MigrationFile>();
                foreach (var file in pending)
                {
                    if (dryRun)
                    {
                        progress($"would apply {file.Name}");
                        applied.Add(file);
                        continue;
                    }

                    var started = Stopwatch.GetTimestamp();
                    if (await ApplyOneAsync(connection, file, started, cancellationToken).ConfigureAwait(false))
                    {
                        progress(string.Create(CultureInfo.InvariantCulture, $"applied {file.Name} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)"));
                        applied.Add(file);
                    }
                }

                return applied;
            }
            finally
            {
                if (Backend == DatabaseBackend.PostgreSql)
                    await UnlockAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The folder's files and the code steps, in version order.</summary>
    private List<MigrationFile> Load()
    {
        var files = MigrationFolder.Load(Directory, Backend).ToDictionary(f => f.Version);
        foreach (var step in _codeSteps)
        {
            if (!files.TryAdd(step.Version, step))
                throw new MigrationException($"{step.Path} ({step.Name}) and {Path.GetFileName(files[step.Version].Path)} have the same version {step.Version}; renumber one of them");
        }

        return [.. files.Values.OrderBy(f => f.Version)];
    }

    private string HistoryInsert => Backend == DatabaseBackend.Sqlite
        ? $"insert into {HistoryTable} (version, name, checksum, applied_at, duration_ms) values (@version, @name, @checksum, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), @ms)"
        : $"insert into {HistoryTable} (version, name, checksum, duration_ms) values (@version, @name, @checksum, @ms)";

    private async Task<bool> ApplyOneAsync(DbConnection connection, MigrationFile file, long started, CancellationToken cancellationToken)
    {
        if (file.Code is { } code)
        {
            await code(new HistoryRecord(HistoryInsert, file.Version, file.Name, file.Checksum), cancellationToken).ConfigureAwait(false);
            return true;
        }

        DbTransaction? transaction = null;
        try
        {
            if (file.InTransaction || Backend == DatabaseBackend.Sqlite)
            {
                transaction = Backend == DatabaseBackend.Sqlite
                    ? ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false) // BEGIN IMMEDIATE: the write lock
                    : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }

            // Another process may have applied it while this one waited (SQLite has no session lock).
            if (Backend == DatabaseBackend.Sqlite && await IsRecordedAsync(connection, transaction, file.Version, cancellationToken).ConfigureAwait(false))
            {
                await transaction!.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            try
            {
                await ExecuteAsync(connection, transaction, file.Sql, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                var outcome = file.InTransaction ? "nothing of it was applied" : "it was not recorded as applied (it ran outside a transaction: check what it left)";
                throw new MigrationException($"{file.Name} failed, {outcome}: {Describe(ex)}", ex, workFailed: true);
            }

            var milliseconds = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await ExecuteAsync(connection, transaction, HistoryInsert, cancellationToken, ("version", file.Version), ("name", file.Name), ("checksum", file.Checksum), ("ms", milliseconds)).ConfigureAwait(false);
            if (transaction is not null)
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            if (transaction is not null)
                await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Best effort: closing the session releases the lock anyway, and an error here must not hide the real one.</summary>
    private static async Task UnlockAsync(DbConnection connection)
    {
        try
        {
            if (connection.State == ConnectionState.Open)
                await ExecuteAsync(connection, null, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey)).ConfigureAwait(false);
        }
        catch (DbException)
        {
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = connect();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (Backend == DatabaseBackend.Sqlite)
            {
                // SQLite reads the file only at the first statement: a corrupt file or one that is not a
                // database is found here, as a database that cannot be opened, not in the middle of the run.
                await using var probe = connection.CreateCommand();
                probe.CommandText = "PRAGMA schema_version";
                await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch (DbException ex)
        {
            var file = connection.DataSource;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new MigrationException(ex is SqliteException sqlite
                ? DatabaseStartup.EmbeddedFileFailure(file, sqlite)
                : $"cannot open the database ({Describe(ex)})", ex, workFailed: true);
        }
    }

    private Task EnsureHistoryAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, Backend == DatabaseBackend.Sqlite
            ? $"create table if not exists {HistoryTable} (version integer primary key, name text not null, checksum text not null, applied_at text not null, duration_ms integer not null)"
            : $"create table if not exists {HistoryTable} (version bigint primary key, name text not null, checksum text not null, applied_at timestamptz not null default now(), duration_ms integer not null)",
            cancellationToken);

    private async Task<List<(long Version, string Name, string Checksum, DateTimeOffset AppliedAt)>> ReadHistoryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"select version, name, checksum, applied_at from {HistoryTable} order by version";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(long, string, string, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var appliedAt = reader.GetValue(3) switch
            {
                DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                var other => throw new MigrationException($"{HistoryTable}.applied_at holds an unexpected {other.GetType().Name}"),
            };
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), appliedAt));
        }

        return rows;
    }

    private async Task<bool> IsRecordedAsync(DbConnection connection, DbTransaction? transaction, long version, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"select count(*) from {HistoryTable} where version = @version", ("version", version));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    private static List<MigrationState> Compare(IReadOnlyList<MigrationFile> files, List<(long Version, string Name, string Checksum, DateTimeOffset AppliedAt)> history)
    {
        var byVersion = history.ToDictionary(h => h.Version);
        var states = new List<MigrationState>();
        foreach (var file in files)
        {
            if (!byVersion.Remove(file.Version, out var row))
                states.Add(new MigrationState(file.Name, MigrationStatus.Pending, null));
            else if (row.Checksum != file.Checksum || row.Name != file.Name)
                states.Add(new MigrationState(file.Name, MigrationStatus.Edited, row.AppliedAt));
            else
                states.Add(new MigrationState(file.Name, MigrationStatus.Applied, row.AppliedAt));
        }

        states.AddRange(byVersion.Values.Select(row => new MigrationState(row.Name, MigrationStatus.Missing, row.AppliedAt)));
        return [.. states.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private void Refuse(List<MigrationState> states)
    {
        var problems = new List<string>();
        foreach (var state in states)
        {
            if (state.Status == MigrationStatus.Edited)
                problems.Add($"{state.Name} was edited after it was applied (its checksum differs); restore it and put the change in a new migration");
            else if (state.Status == MigrationStatus.Missing)
                problems.Add($"{state.Name} was applied but is not in {Directory}; restore the file");
        }

        if (problems.Count > 0)
            throw new MigrationException(string.Join("; ", problems));
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Describe(DbException ex) => ex switch
    {
        PostgresException postgres => postgres.MessageText
            + (postgres.Detail is { } detail ? " — " + detail : "")
            + (postgres.BatchCommand?.CommandText is { Length: > 0 } statement ? $" (in: {Excerpt(statement)})" : ""),
        SqliteException sqlite => sqlite.Message.ReplaceLineEndings(" "),
        _ => (ex.InnerException ?? ex).Message,
    };

    private static string Excerpt(string statement)
    {
        var flat = string.Join(' ', statement.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= 120 ? flat : flat[..117] + "...";
    }
}
