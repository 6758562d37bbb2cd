using System.Globalization;
using System.Net;

namespace Bunbase.Cli.Tests;

/// <summary>The runtime as a real process: graceful shutdown and start-up refusal.</summary>
public sealed class HostingProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-process-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sigterm_drains_in_flight_requests_before_exit()
    {
        var port = ChildProcess.FreePort();
        var config = WriteConfig($$"""{ "name": "drain", "host": "127.0.0.1", "port": {{port}}, "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" } }""");
        using var app = ChildProcess.Start(_directory, new Dictionary<string, string>(), RepositoryPaths.TestAppAssembly, "--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        Assert.True(await app.WaitUntilServingAsync(new Uri(baseAddress, "/_health/live"), TimeSpan.FromSeconds(60)), app.Output);

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // Warmed up first, so the slow request is surely in the server when SIGTERM comes 1.5 s into its 4 s.
        using (await client.GetAsync("/slow?ms=0"))
        {
        }

        var inFlight = client.GetAsync("/slow?ms=4000");
        await Task.Delay(1_500);
        app.Terminate();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"waitedMs":4000}""", await response.Content.ReadAsStringAsync());
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(30)), app.Output);
        Assert.Equal(0, app.ExitCode);
    }

    [Theory]
    [InlineData("""{ "prot": 3000 }""", "unknown key 'prot'")]
    [InlineData("""{ "port": "x" }""", "'port'")]
    [InlineData("""{ "port": 99999 }""", "outside 0..65535")]
    public async Task Bad_configuration_stops_start_up_with_one_line_and_exit_code_1(string json, string expected)
    {
        var config = WriteConfig(json);
        using var app = ChildProcess.Start(_directory, new Dictionary<string, string>(), RepositoryPaths.TestAppAssembly, "--config", config);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        Assert.Equal(1, app.ExitCode);
        var line = Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: Invalid configuration:", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains(config, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_already_in_use_stops_start_up_with_one_line_and_exit_code_1()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var config = WriteConfig($$"""{ "host": "127.0.0.1", "port": {{port}}, "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" } }""");
        using var app = ChildProcess.Start(_directory, new Dictionary<string, string>(), RepositoryPaths.TestAppAssembly, "--config", config);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        Assert.Equal(1, app.ExitCode);
        var line = Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("bunbase:", StringComparison.Ordinal));
        Assert.Contains($"cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_session_secret_stops_start_up_of_a_guarded_app_with_one_line_and_exit_code_1()
    {
        var config = WriteConfig("""{ "host": "127.0.0.1", "port": 0 }""");
        using var app = ChildProcess.Start(_directory, new Dictionary<string, string>(), RepositoryPaths.TestAppAssembly, "--config", config);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        Assert.Equal(1, app.ExitCode);
        var line = Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: 'auth.sessionSecret' (or 'auth.keys') is required outside Development", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migrate_option_applies_pending_migrations_once_and_exits_without_serving()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = WriteMigrations(("0001_create_items.sql", "create table items (id int primary key);"), ("0002_seed_items.sql", "insert into items values (1), (2);"));
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = database.Url };

        var first = await MigrateAsync(config, environment);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("applied 0001_create_items", first.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0002_seed_items", first.Output, StringComparison.Ordinal);
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from items"));

        // Once each: a second run finds nothing to do, and the process never listened (the port stays free).
        var second = await MigrateAsync(config, environment);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("migrations are up to date (PostgreSql)", second.Output, StringComparison.Ordinal);
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from items"));
        Assert.DoesNotContain("Now listening", first.Output + second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_stops_the_migrate_option_with_one_line_and_exit_code_1_and_applies_none_of_it()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = WriteMigrations(("0001_create_items.sql", "create table items (id int primary key);"), ("0002_broken.sql", "insert into items values (1); insert into nowhere values (1);"));

        var result = await MigrateAsync(config, new Dictionary<string, string> { ["DATABASE_URL"] = database.Url });

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("bunbase: 0002", StringComparison.Ordinal));
        Assert.Contains("0002_broken failed, nothing of it was applied", line, StringComparison.Ordinal);
        Assert.Contains("nowhere", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        // The first is applied and recorded; the second left no row behind.
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from items"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from bunbase_migrations"));
    }

    [Fact]
    public async Task The_migrate_option_migrates_the_embedded_file_without_a_database_url()
    {
        var config = WriteMigrations(("0001_create_items.sql", "create table items (id int primary key);"));

        var result = await MigrateAsync(config, new Dictionary<string, string> { ["DATABASE_URL"] = "" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("applied 0001_create_items", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(config)!, ".bunbase", "data.db")));
    }

    private async Task<(int ExitCode, string Output)> MigrateAsync(string config, Dictionary<string, string> environment)
    {
        using var app = ChildProcess.Start(_directory, environment, RepositoryPaths.TestAppAssembly, "--config", config, "--migrate");
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        return (app.ExitCode, app.Output);
    }

    /// <summary>A configuration of its own folder with these migrations beside it.</summary>
    private string WriteMigrations(params (string Name, string Sql)[] migrations)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("N"))).FullName;
        var directory = Directory.CreateDirectory(Path.Combine(folder, "migrations")).FullName;
        foreach (var (name, sql) in migrations)
            File.WriteAllText(Path.Combine(directory, name), sql);
        var path = Path.Combine(folder, "bunbase.config.json");
        // No session secret, as a deploy's migrate step has none: applying migrations needs only the database.
        File.WriteAllText(path, """{ "name": "migrate-option", "host": "127.0.0.1", "port": 0 }""");
        return path;
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path.ToString(CultureInfo.InvariantCulture);
    }
}
