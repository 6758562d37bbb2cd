using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>What start-up says of the migrations folder when it does not apply it (the embedded file, and a fresh PostgreSQL database).</summary>
public sealed class DatabaseStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bunbase-startup-migrations-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrations_not_applied_are_named_at_start()
    {
        File.WriteAllText(Path.Combine(_folder, "0001_notes.sql"), "create table notes (id integer primary key);");
        File.WriteAllText(Path.Combine(_folder, "0002_tags.sql"), "create table tags (id integer primary key);");
        var logs = new WarningLog();

        await using var server = await StartAsync(logs, migrateOnStart: false);

        var warning = Assert.Single(logs.Records, r => r.Contains("Migrations:", StringComparison.Ordinal));
        Assert.Contains("2 not applied", warning, StringComparison.Ordinal);
        Assert.Contains("0001_notes", warning, StringComparison.Ordinal);
        Assert.Contains("0002_tags", warning, StringComparison.Ordinal);
        Assert.Contains("bunbase migrate", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_said_when_every_migration_is_applied_or_there_are_none()
    {
        var none = new WarningLog();
        await using (await StartAsync(none, migrateOnStart: false))
        {
        }

        File.WriteAllText(Path.Combine(_folder, "0001_notes.sql"), "create table notes (id integer primary key);");
        var applied = new WarningLog();
        await using (await StartAsync(applied, migrateOnStart: true))
        {
        }

        Assert.DoesNotContain(none.Records, r => r.Contains("Migrations:", StringComparison.Ordinal));
        Assert.DoesNotContain(applied.Records, r => r.Contains("Migrations:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_PostgreSQL_a_migration_edited_after_it_was_applied_and_one_not_applied_are_named()
    {
        await using var database = await TestDatabase.CreateAsync();
        File.WriteAllText(Path.Combine(_folder, "0001_notes.sql"), "create table notes (id integer primary key);");
        await using (await StartAsync(new WarningLog(), migrateOnStart: true, database.Url))
        {
        }

        File.WriteAllText(Path.Combine(_folder, "0001_notes.sql"), "create table notes (id bigint primary key);");
        File.WriteAllText(Path.Combine(_folder, "0002_tags.sql"), "create table tags (id integer primary key);");
        var logs = new WarningLog();
        await using (await StartAsync(logs, migrateOnStart: false, database.Url))
        {
        }

        var warnings = logs.Records.Where(r => r.Contains("Migrations:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("1 not applied (0002_tags)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("0001_notes edited after being applied", StringComparison.Ordinal));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from information_schema.tables where table_name = 'tags'"));
    }

    private Task<AppServer> StartAsync(WarningLog logs, bool migrateOnStart, string? databaseUrl = null) => AppServer.StartAsync(
        extraConfig: $$""" "database": { {{(databaseUrl is null ? "" : $"\"url\": \"{databaseUrl}\",")}} "migrationsPath": {{System.Text.Json.JsonSerializer.Serialize(_folder)}}, "migrateOnStart": {{(migrateOnStart ? "true" : "false")}} } """,
        host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));
}
