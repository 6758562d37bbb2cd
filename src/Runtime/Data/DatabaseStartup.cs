using System.Data.Common;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Proves the primary database is usable before the app serves: PostgreSQL answers, or the embedded
/// file can be created and read. Otherwise start-up stops with one line naming the server (never
/// the password) or the file. Then applies migrations (<c>migrateOnStart</c>) and, on PostgreSQL, creates
/// every capability's tables in one transaction (their own starts then find them made).
/// </summary>
internal sealed partial class DatabaseStartup(Database database, BunbaseOptions options, IHostEnvironment environment, IEnumerable<RuntimeTables> runtimeTables, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Backend == DatabaseBackend.Sqlite)
            await PrepareEmbeddedAsync(database, cancellationToken).ConfigureAwait(false);
        else
            await CheckPostgresAsync(database, cancellationToken).ConfigureAwait(false);

        if (options.Database.MigrateOnStart)
        {
            try
            {
                await Migrator.For(options, environment.ContentRootPath)
                    .ApplyAsync(dryRun: false, line => LogMigration(logger, line), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (MigrationException ex)
            {
                throw new StartupException(ex.Message);
            }
        }
        else
        {
            await WarnOfPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
        }

        await RuntimeSchema.EnsureAllAsync(database, runtimeTables, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Says at start which migrations in the folder are not applied (or were edited or removed since), so an app started before
    /// <c>bunbase migrate</c> does not fail only later, on a missing table. Never stops start-up.
    /// </summary>
    private async Task WarnOfPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        var migrator = Migrator.For(options, environment.ContentRootPath);
        try
        {
            if (!Directory.Exists(migrator.Directory))
                return; // no folder, nothing to say, and no connection made for it
            var states = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
            var pending = states.Where(s => s.Status == MigrationStatus.Pending).Select(s => s.Name).ToList();
            var edited = states.Where(s => s.Status == MigrationStatus.Edited).Select(s => s.Name).ToList();
            var missing = states.Where(s => s.Status == MigrationStatus.Missing).Select(s => s.Name).ToList();
            if (pending.Count > 0)
                LogPendingMigrations(logger, pending.Count, string.Join(", ", pending));
            if (edited.Count > 0)
                LogEditedMigrations(logger, string.Join(", ", edited));
            if (missing.Count > 0)
                LogMissingMigrations(logger, string.Join(", ", missing));
        }
        catch (Exception ex) when (ex is MigrationException or DbException or IOException or TimeoutException)
        {
            LogMigrationStatusUnknown(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task CheckPostgresAsync(Database database, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = database.PrimarySource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new StartupException($"cannot connect to PostgreSQL at {database.Description}: {Reason(ex)}");
        }
    }

    /// <summary>Creates the folder and the file (write-ahead-log mode) and reads its header, so a broken file is found now.</summary>
    public static async Task PrepareEmbeddedAsync(Database database, CancellationToken cancellationToken)
    {
        var path = database.Description;
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
            await File.WriteAllBytesAsync(probe, [], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"the embedded database folder '{directory}' is not writable ({ex.Message}); fix its permissions, set database.embeddedPath, or set DATABASE_URL");
        }

        try
        {
            var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = SqliteDataSources.FilePragmas + " PRAGMA schema_version;";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            SqliteConnection.ClearAllPools();
            throw new StartupException(EmbeddedFileFailure(path, ex));
        }
    }

    /// <summary>What to tell a user whose embedded database file SQLite refuses: start-up's line, and the migrator's.</summary>
    internal static string EmbeddedFileFailure(string path, SqliteException ex)
    {
        var what = ex.SqliteErrorCode is 11 or 26 // SQLITE_CORRUPT, SQLITE_NOTADB
            ? "is corrupted or not a SQLite database"
            : "cannot be opened";
        return $"the embedded database '{path}' {what} ({ex.Message.ReplaceLineEndings(" ")}); move it away to start with an empty one, or set DATABASE_URL";
    }

    private static string Reason(Exception ex) => ex switch
    {
        PostgresException postgres => postgres.MessageText,
        DbException { InnerException: { } inner } => inner.Message,
        _ => ex.Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations: {Line}")]
    private static partial void LogMigration(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations: {Count} not applied ({Names}); run `bunbase migrate`, or set database.migrateOnStart")]
    private static partial void LogPendingMigrations(ILogger logger, int count, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations: {Names} edited after being applied (the checksum differs); restore and put the change in a new migration (`bunbase migrate` refuses until then)")]
    private static partial void LogEditedMigrations(ILogger logger, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations: {Names} applied but not in the folder; restore the file (`bunbase migrate` refuses until then)")]
    private static partial void LogMissingMigrations(ILogger logger, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations: could not tell which are applied: {Reason}")]
    private static partial void LogMigrationStatusUnknown(ILogger logger, string reason);
}
