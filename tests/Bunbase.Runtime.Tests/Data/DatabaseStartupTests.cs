using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>What start-up says of the migrations folder when it does not apply it (the embedded file).</summary>
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

    private Task<AppServer> StartAsync(WarningLog logs, bool migrateOnStart) => AppServer.StartAsync(
        extraConfig: $$""" "database": { "migrationsPath": {{System.Text.Json.JsonSerializer.Serialize(_folder)}}, "migrateOnStart": {{(migrateOnStart ? "true" : "false")}} } """,
        host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));
}
