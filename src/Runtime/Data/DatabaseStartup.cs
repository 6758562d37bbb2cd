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
        await RuntimeSchema.EnsureAllAsync(database, runtimeTables, cancellationToken).ConfigureAwait(false);
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
            var what = ex.SqliteErrorCode is 11 or 26 // SQLITE_CORRUPT, SQLITE_NOTADB
                ? "is corrupted or not a SQLite database"
                : "cannot be opened";
            throw new StartupException($"the embedded database '{path}' {what} ({ex.Message.ReplaceLineEndings(" ")}); move it away to start with an empty one, or set DATABASE_URL");
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        PostgresException postgres => postgres.MessageText,
        DbException { InnerException: { } inner } => inner.Message,
        _ => ex.Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations: {Line}")]
    private static partial void LogMigration(ILogger logger, string line);
}
