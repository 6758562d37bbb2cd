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

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path.ToString(CultureInfo.InvariantCulture);
    }
}
