using Microsoft.Data.Sqlite;

namespace Bunbase.Cli.Tests.Data;

/// <summary>
/// <c>bunbase seed</c> with an app project: the tool builds the app, which applies its C# seeds with the
/// SQL files. Runs the example app's own seed (seeds/0001_demo_data.cs) against a database of its own.
/// </summary>
[Collection(ExampleAppBuilds.Name)]
public sealed class CSharpSeedCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-csharp-seed-").FullName;

    private string Config => Path.Combine(_directory, "bunbase.config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_example_app_s_csharp_seed_is_applied_once_through_its_actions()
    {
        // The example app's project, with this folder as its content root: its own embedded database and migrations.
        var example = Path.Combine(RepositoryPaths.Root, "examples", "bunbase-app");
        await File.WriteAllTextAsync(Config, $$"""{ "name": "seed-example", "project": "{{Path.Combine(example, "BunbaseApp.csproj")}}", "accounts": { "enabled": true } }""");
        CopyFolder(Path.Combine(example, "migrations"), Path.Combine(_directory, "migrations"));

        var run = await RunAsync("seed", "run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("applied 0003_welcome_and_counts", run.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0001_demo_data", run.Output, StringComparison.Ordinal);

        // Its account is the accounts module's, verified, with a hashed password (as sign-up hashes it) and its
        // account-created event (from which the running app makes the users row); its note went through create-note.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, ".bunbase", "data.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            var hash = await ScalarAsync<string>(connection, "select password_hash from bunbase_accounts where email = 'demo@example.com' and email_verified_at is not null");
            Assert.DoesNotContain("demo-password", hash, StringComparison.Ordinal);
            Assert.True(hash.Length > 40, hash);
            Assert.Equal(1L, await ScalarAsync<long>(connection, "select count(*) from bunbase_events where type = 'account-created'"));
            Assert.Equal("Welcome", await ScalarAsync<string>(connection, "select title from notes"));
            Assert.Equal("csharp:BunbaseApp.Seeds.DemoData", await ScalarAsync<string>(connection, "select checksum from bunbase_seeds where name = '0001_demo_data'"));
        }

        var again = await RunAsync("seed", "run");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("seeds are up to date", again.Output, StringComparison.Ordinal);
        var status = await RunAsync("seed", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"0001_demo_data\s+applied", status.Output);
    }

    [Fact]
    public async Task Seed_new_csharp_writes_a_seed_class_numbered_after_the_sql_files()
    {
        await File.WriteAllTextAsync(Config, """{ "name": "seed-new" }""");
        await File.WriteAllTextAsync(Path.Combine(_directory, "Shop.csproj"), """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><RootNamespace>Acme.Shop</RootNamespace></PropertyGroup></Project>""");
        Directory.CreateDirectory(Path.Combine(_directory, "seeds"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "seeds", "0001_people.sql"), "insert into people values ('Ada');\n");

        var created = await RunAsync("seed", "new", "demo orders", "--csharp");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("created seeds/0002_demo_orders.cs", created.Output, StringComparison.Ordinal);
        var source = await File.ReadAllTextAsync(Path.Combine(_directory, "seeds", "0002_demo_orders.cs"));
        Assert.Contains("namespace Acme.Shop.Seeds;", source, StringComparison.Ordinal);
        Assert.Contains("[Seed(\"0002_demo_orders\")]", source, StringComparison.Ordinal);
        Assert.Contains("public sealed class DemoOrdersSeed : DataSeed", source, StringComparison.Ordinal);
        Assert.Contains("throw new NotImplementedException", source, StringComparison.Ordinal);

        // The next SQL file counts the C# seed too.
        Assert.Contains("created seeds/0003_more.sql", (await RunAsync("seed", "new", "more")).Output, StringComparison.Ordinal);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", Config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromMinutes(4)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
