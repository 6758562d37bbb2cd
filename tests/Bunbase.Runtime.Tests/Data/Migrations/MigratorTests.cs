using System.Data.Common;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Data.Migrations;

/// <summary>The migration contract, on PostgreSQL and on the embedded SQLite file.</summary>
public abstract class MigratorTests : IAsyncLifetime
{
    protected string Root { get; } = Directory.CreateTempSubdirectory("bunbase-migrations-").FullName;

    protected string Folder => Path.Combine(Root, "migrations");

    private protected abstract BunbaseOptions Options { get; }

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    protected abstract Task<long> CountAsync(string table);

    protected abstract Task<bool> TableExistsAsync(string table);

    private protected Migrator NewMigrator() => Migrator.For(Options, Root);

    private protected void Write(string name, string sql, string? folder = null)
    {
        var directory = folder ?? Folder;
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name), sql);
    }

    private protected static Task<IReadOnlyList<MigrationFile>> ApplyAsync(Migrator migrator, bool dryRun = false) =>
        migrator.ApplyAsync(dryRun, _ => { }, CancellationToken.None);

    [Fact]
    public async Task Pending_migrations_apply_in_version_order_once()
    {
        Write("0002_add_b.sql", "insert into log (step) values ('b');");
        Write("0001_create_log.sql", "create table log (step text not null);\ninsert into log (step) values ('a');");
        Write("0010_add_c.sql", "insert into log (step) values ('c');");

        var first = await ApplyAsync(NewMigrator());
        var second = await ApplyAsync(NewMigrator());

        Assert.Equal(["0001_create_log", "0002_add_b", "0010_add_c"], first.Select(f => f.Name));
        Assert.Empty(second);
        Assert.Equal(3, await CountAsync("log"));
        Assert.All(await NewMigrator().StatusAsync(CancellationToken.None), s => Assert.Equal(MigrationStatus.Applied, s.Status));
    }

    [Fact]
    public async Task A_dry_run_lists_pending_migrations_and_applies_nothing()
    {
        Write("0001_create_log.sql", "create table log (step text);");

        var listed = await ApplyAsync(NewMigrator(), dryRun: true);

        Assert.Equal(["0001_create_log"], listed.Select(f => f.Name));
        Assert.False(await TableExistsAsync("log"));
        Assert.Equal(MigrationStatus.Pending, Assert.Single(await NewMigrator().StatusAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_everything_and_is_named()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        await ApplyAsync(NewMigrator());
        Write("0001_create_log.sql", "create table log (step text, extra int);");
        Write("0002_more.sql", "create table more (id int);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.Contains("0001_create_log was edited after it was applied", error.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("more"));
        Assert.Contains(await NewMigrator().StatusAsync(CancellationToken.None), s => s is { Name: "0001_create_log", Status: MigrationStatus.Edited });
    }

    [Fact]
    public async Task Line_endings_do_not_count_as_an_edit()
    {
        Write("0001_create_log.sql", "create table log (step text);\n-- done\n");
        await ApplyAsync(NewMigrator());
        Write("0001_create_log.sql", "\uFEFFcreate table log (step text);\r\n-- done\r\n");

        Assert.Empty(await ApplyAsync(NewMigrator()));
    }

    [Fact]
    public async Task An_applied_migration_missing_from_the_folder_is_named()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        await ApplyAsync(NewMigrator());
        File.Delete(Path.Combine(Folder, "0001_create_log.sql"));

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.Contains("0001_create_log was applied but is not in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_is_named_with_the_reason_and_none_of_it_is_applied()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        Write("0002_broken.sql", "create table half (id int);\ninsert into no_such_table values (1);");
        Write("0003_after.sql", "create table after_broken (id int);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.StartsWith("0002_broken failed, nothing of it was applied", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("log"));
        Assert.False(await TableExistsAsync("half"));
        Assert.False(await TableExistsAsync("after_broken"));
        var states = await NewMigrator().StatusAsync(CancellationToken.None);
        Assert.Equal([MigrationStatus.Applied, MigrationStatus.Pending, MigrationStatus.Pending], states.Select(s => s.Status));
    }

    [Theory]
    [InlineData("create_log.sql")]
    [InlineData("0001-create-log.sql")]
    [InlineData("0001_.sql")]
    public async Task A_badly_named_file_is_refused_by_name(string name)
    {
        Write(name, "select 1;");

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("0001_create_users.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_with_one_version_are_both_named()
    {
        Write("0001_a.sql", "select 1;");
        Write("01_b.sql", "select 1;");

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.Contains("0001_a.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("01_b.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_exactly_once()
    {
        Write("0001_create_log.sql", "create table log (step text not null);");
        for (var i = 2; i <= 6; i++)
            Write($"000{i}_step.sql", $"insert into log (step) values ('{i}');");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ApplyAsync(NewMigrator()))));

        Assert.Equal(6, runs.Sum(r => r.Count));
        Assert.Equal(5, await CountAsync("log"));
    }

    [Fact]
    public void New_migration_files_take_the_next_number_and_a_slug()
    {
        Write("0007_first.sql", "select 1;");

        Assert.Equal(Path.Combine(Folder, "0008_add_notes_table.sql"), MigrationFolder.NextPath(Folder, "Add notes table!"));
        Assert.Equal(Path.Combine(Root, "empty", "0001_init.sql"), MigrationFolder.NextPath(Path.Combine(Root, "empty"), "init"));
        Assert.Throws<MigrationException>(() => MigrationFolder.NextPath(Folder, "!!!"));
        // Accented letters keep their letter; a name of no Latin letter at all is refused with what a name takes.
        Assert.Equal(Path.Combine(Folder, "0008_add_unicode_prufung_strasse_aeon.sql"), MigrationFolder.NextPath(Folder, "Add ünïcode Prüfung Straße Æon"));
        var refused = Assert.Throws<MigrationException>(() => MigrationFolder.NextPath(Folder, "заказы"));
        Assert.Contains("a-z", refused.Message, StringComparison.Ordinal);
    }
}

public sealed class PostgresMigratorTests : MigratorTests
{
    private TestDatabase _database = null!;

    private protected override BunbaseOptions Options => new() { Name = "migrations", Database = { Url = _database.Url, MigrationsPath = "migrations" } };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _database = await TestDatabase.CreateAsync();
    }

    public override async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override Task<long> CountAsync(string table) => _database.ScalarAsync<long>($"select count(*) from {table}");

    protected override async Task<bool> TableExistsAsync(string table) =>
        await _database.ScalarAsync<bool>($"select to_regclass('public.{table}') is not null");

    [Fact]
    public async Task A_migration_may_run_outside_a_transaction_when_it_says_so()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        Write("0002_index.sql", MigrationFolder.NoTransactionMarker + "\ncreate index concurrently log_step on log (step);");

        await ApplyAsync(NewMigrator());

        Assert.True(await _database.ScalarAsync<bool>("select to_regclass('public.log_step') is not null"));
    }

    [Fact]
    public async Task The_sqlite_variant_is_ignored_on_postgresql()
    {
        Write("0001_create_log.sql", "create table log (id bigint generated always as identity, step text);");
        Write("0001_create_log.sql", "create table log (id integer primary key autoincrement, step text);", Path.Combine(Folder, "sqlite"));

        await ApplyAsync(NewMigrator());

        Assert.True(await TableExistsAsync("log"));
    }
}

public sealed class SqliteMigratorTests : MigratorTests
{
    private protected override BunbaseOptions Options => new() { Name = "migrations" };

    protected override async Task<long> CountAsync(string table) => (long)(await ScalarAsync($"select count(*) from {table}"))!;

    protected override async Task<bool> TableExistsAsync(string table) =>
        (long)(await ScalarAsync($"select count(*) from sqlite_master where type = 'table' and name = '{table}'"))! > 0;

    [Fact]
    public async Task A_sqlite_variant_replaces_the_postgresql_file_of_the_same_name()
    {
        Write("0001_create_log.sql", "create table log (id bigint generated always as identity, step text);");
        Write("0001_create_log.sql", "create table log (id integer primary key autoincrement, step text);", Path.Combine(Folder, "sqlite"));

        await ApplyAsync(NewMigrator());

        Assert.True(await TableExistsAsync("log"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_database_that_cannot_be_opened()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        Directory.CreateDirectory(Path.Combine(Root, ".bunbase"));
        await File.WriteAllTextAsync(Path.Combine(Root, ".bunbase", "data.db"), "not a SQLite database, but long enough to have a header of sorts: ...............................................");

        var applying = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));
        var status = await Assert.ThrowsAsync<MigrationException>(() => NewMigrator().StatusAsync(CancellationToken.None));

        // The same line as the app's start-up: which file, what is wrong with it, and what to do.
        Assert.Contains("data.db' is corrupted or not a SQLite database", applying.Message, StringComparison.Ordinal);
        Assert.Contains("move it away to start with an empty one, or set DATABASE_URL", applying.Message, StringComparison.Ordinal);
        Assert.Equal(applying.Message, status.Message);
        Assert.True(applying.WorkFailed);
    }

    [Fact]
    public async Task A_sqlite_variant_without_a_postgresql_file_is_refused()
    {
        Write("0001_create_log.sql", "create table log (step text);");
        Write("0002_only_here.sql", "select 1;", Path.Combine(Folder, "sqlite"));

        var error = await Assert.ThrowsAsync<MigrationException>(() => ApplyAsync(NewMigrator()));

        Assert.Contains("0002_only_here.sql has no migration of the same name", error.Message, StringComparison.Ordinal);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Root, ".bunbase", "data.db")};Pooling=False");
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
