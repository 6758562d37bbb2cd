namespace Bunbase.Cli.Tests.Data;

/// <summary><c>bunbase migrate</c> as a real process, against the embedded file and PostgreSQL.</summary>
public sealed class MigrateCommandTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-migrate-").FullName;

    private string Config => Path.Combine(_directory, "bunbase.config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task New_status_dry_run_apply_and_an_edit_as_a_user_sees_them()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-cli" }""");

        var created = await RunAsync(new Dictionary<string, string>(), "migrate", "new", "Create notes");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("created migrations/0001_create_notes.sql", created.Output, StringComparison.Ordinal);
        await File.AppendAllTextAsync(Path.Combine(_directory, "migrations", "0001_create_notes.sql"), "create table notes (id integer primary key, title text);\n");

        var pending = await RunAsync(new Dictionary<string, string>(), "migrate", "status");
        Assert.Matches(@"0001_create_notes\s+pending", pending.Output);

        var dryRun = await RunAsync(new Dictionary<string, string>(), "migrate", "--dry-run");
        Assert.Contains("would apply 0001_create_notes", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", dryRun.Output, StringComparison.Ordinal);

        var applied = await RunAsync(new Dictionary<string, string>(), "migrate");
        Assert.Equal(0, applied.ExitCode);
        Assert.Matches(@"applied 0001_create_notes \(\d+ ms\)", applied.Output);

        var again = await RunAsync(new Dictionary<string, string>(), "migrate");
        Assert.Contains("migrations are up to date (Sqlite)", again.Output, StringComparison.Ordinal);

        await File.AppendAllTextAsync(Path.Combine(_directory, "migrations", "0001_create_notes.sql"), "-- an afterthought\n");
        var edited = await RunAsync(new Dictionary<string, string>(), "migrate", "status");
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("EDITED after it was applied", edited.Output, StringComparison.Ordinal);

        var refused = await RunAsync(new Dictionary<string, string>(), "migrate");
        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: 0001_create_notes was edited after it was applied", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_whose_sql_fails_is_exit_code_1_in_one_line_and_is_not_recorded()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-fails" }""");
        var migrations = Directory.CreateDirectory(Path.Combine(_directory, "migrations")).FullName;
        await File.WriteAllTextAsync(Path.Combine(migrations, "0001_broken.sql"), "create table things (id integer primary key);\ninsert into nowhere values (1);\n");
        await File.WriteAllTextAsync(Path.Combine(migrations, "0002_outside.sql"), "-- bunbase:no-transaction\ncreate table others (id integer primary key);\n");

        var failed = await RunAsync(new Dictionary<string, string>(), "migrate");

        Assert.Equal(1, failed.ExitCode);
        var line = Assert.Single(failed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: 0001_broken failed, nothing of it was applied:", line, StringComparison.Ordinal);
        Assert.Contains("nowhere", line, StringComparison.Ordinal);
        Assert.Matches(@"0001_broken\s+pending", (await RunAsync(new Dictionary<string, string>(), "migrate", "status")).Output);

        // Outside a transaction, what ran before the failure stays: the line says so rather than "nothing was applied".
        await File.WriteAllTextAsync(Path.Combine(migrations, "0001_broken.sql"), "create table things (id integer primary key);\n");
        await File.WriteAllTextAsync(Path.Combine(migrations, "0002_outside.sql"), "-- bunbase:no-transaction\ncreate table others (id integer primary key);\ninsert into nowhere values (1);\n");
        var outside = await RunAsync(new Dictionary<string, string>(), "migrate");
        Assert.Equal(1, outside.ExitCode);
        Assert.Contains("bunbase: 0002_outside failed, it was not recorded as applied (it ran outside a transaction: check what it left):", outside.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_migration_is_refused_until_it_has_sql()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-empty" }""");
        Assert.Equal(0, (await RunAsync(new Dictionary<string, string>(), "migrate", "new", "add things")).ExitCode);

        var refused = await RunAsync(new Dictionary<string, string>(), "migrate");
        var status = await RunAsync(new Dictionary<string, string>(), "migrate", "status");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("0001_add_things.sql has only comments", Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(2, status.ExitCode);
        await File.AppendAllTextAsync(Path.Combine(_directory, "migrations", "0001_add_things.sql"), "create table things (id integer primary key);\n");
        Assert.Contains("applied 0001_add_things", (await RunAsync(new Dictionary<string, string>(), "migrate")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_migrating_at_the_same_moment_apply_each_migration_exactly_once()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-race" }""");
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "migrations")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "0001_create_log.sql"), "create table log (step int not null);");
        for (var i = 2; i <= 5; i++)
        {
            // Slow enough that the two runs overlap; a second application would add a row.
            await File.WriteAllTextAsync(Path.Combine(folder, $"000{i}_step.sql"), $"select pg_sleep(0.3);\ninsert into log (step) values ({i});");
        }

        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = database.Url };
        var runs = await Task.WhenAll(RunAsync(environment, "migrate"), RunAsync(environment, "migrate"));

        Assert.All(runs, run => Assert.Equal(0, run.ExitCode));
        Assert.Equal(5, runs.Sum(run => run.Output.Split('\n').Count(l => l.Contains("bunbase: applied", StringComparison.Ordinal))));
        Assert.Equal(4L, await database.ScalarAsync<long>("select count(*) from log"));
        Assert.Equal(5L, await database.ScalarAsync<long>("select count(*) from bunbase_migrations"));
    }

    [Fact]
    public async Task An_unreachable_database_is_one_line_without_the_password()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-down" }""");
        Directory.CreateDirectory(Path.Combine(_directory, "migrations"));
        var port = ChildProcess.FreePort();

        var run = await RunAsync(new Dictionary<string, string> { ["DATABASE_URL"] = $"postgres://app:hunter2secret@127.0.0.1:{port}/shop" }, "migrate");

        // The work failed (1), as the README's exit codes say; not a mistake in the arguments or the configuration (2).
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: cannot open the database", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("migrate", "status")]
    [InlineData("jobs")]
    [InlineData("runs")]
    [InlineData("events", "streams")]
    [InlineData("mail")]
    [InlineData("webhooks", "list")]
    public async Task A_corrupted_embedded_file_is_the_same_line_and_exit_code_1_from_every_database_command(params string[] command)
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-corrupt" }""");
        Directory.CreateDirectory(Path.Combine(_directory, "migrations"));
        Directory.CreateDirectory(Path.Combine(_directory, ".bunbase"));
        await File.WriteAllTextAsync(Path.Combine(_directory, ".bunbase", "data.db"), new string('x', 4096));

        var run = await RunAsync(new Dictionary<string, string>(), command);

        // A database that cannot be used (1), as when PostgreSQL cannot be reached; the file is left as it was.
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("data.db' is corrupted or not a SQLite database", line, StringComparison.Ordinal);
        Assert.Contains("move it away", line, StringComparison.Ordinal);
        Assert.Equal(new string('x', 4096), await File.ReadAllTextAsync(Path.Combine(_directory, ".bunbase", "data.db")));
    }

    [Theory]
    [InlineData("DATABASE_URL", "postgres://app:hunter2secret@/shop")]
    [InlineData("DATABASE_URL", "postgres://app:hunter2secret@127.0.0.1/shop?frobnicate=1")]
    public async Task A_malformed_database_url_is_one_line_without_the_password(string variable, string value)
    {
        await File.WriteAllTextAsync(Config, """{ "name": "migrate-bad-url" }""");
        Directory.CreateDirectory(Path.Combine(_directory, "migrations"));

        var run = await RunAsync(new Dictionary<string, string> { [variable] = value }, "migrate", "status");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: ", line, StringComparison.Ordinal);
        Assert.Contains("database.url", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", run.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, environment, [Tool, .. arguments, "--config", Config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
