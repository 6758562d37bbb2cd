namespace Bunbase.Cli.Tests.Data;

/// <summary><c>bunbase seed</c> as a real process, on the embedded database.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-seed-").FullName;

    private string Config => Path.Combine(_directory, "bunbase.config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Seeds_are_applied_once_after_the_migrations_and_fresh_starts_over()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "seed-cli" }""");
        Directory.CreateDirectory(Path.Combine(_directory, "migrations"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "migrations", "0001_create_people.sql"), "create table people (name text primary key);\n");

        var created = await RunAsync("seed", "new", "demo people");
        Assert.Contains("created seeds/0001_demo_people.sql", created.Output, StringComparison.Ordinal);
        var unwritten = await RunAsync("seed", "run");
        Assert.Equal(2, unwritten.ExitCode);
        Assert.Contains("has only comments", unwritten.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0001_create_people", unwritten.Output, StringComparison.Ordinal);

        await File.AppendAllTextAsync(Path.Combine(_directory, "seeds", "0001_demo_people.sql"), "insert into people (name) values ('Ada'), ('Grace');\n");
        var run = await RunAsync("seed", "run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("applied 0001_demo_people", run.Output, StringComparison.Ordinal);

        // Applied once: a second run would fail on the primary key.
        var again = await RunAsync("seed", "run");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("seeds are up to date", again.Output, StringComparison.Ordinal);
        Assert.Matches(@"0001_demo_people\s+applied", (await RunAsync("seed", "status")).Output);

        var fresh = await RunAsync("seed", "fresh");
        Assert.Equal(0, fresh.ExitCode);
        Assert.Contains("deleted .bunbase/data.db", fresh.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0001_create_people", fresh.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0001_demo_people", fresh.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fresh_on_postgresql_needs_yes()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "seed-pg", "database": { "url": "postgres://nobody:x@127.0.0.1:1/none" } }""");

        var refused = await RunAsync("seed", "fresh");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("pass --yes", Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Tool, .. arguments, "--config", Config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
