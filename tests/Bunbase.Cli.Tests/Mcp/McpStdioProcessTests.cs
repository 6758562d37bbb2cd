using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace Bunbase.Cli.Tests.Mcp;

/// <summary><c>bunbase mcp</c> as an MCP client starts it (the SDK's stdio client transport), relaying to a running app.</summary>
public sealed class McpStdioProcessTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-mcp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Relays_tools_to_the_running_app_with_the_session_of_its_token()
    {
        using var app = await StartAppAsync();
        var address = app.Address;

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var signIn = await http.PostAsJsonAsync("/auth/session", new { userId = "stdio-user" });
        var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        // The token from the environment, as an MCP client's configuration would pass it.
        await using (var client = await ConnectAsync(address, new Dictionary<string, string?> { ["BUNBASE_MCP_TOKEN"] = token }, timeout.Token))
        {
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            Assert.Contains(tools, t => t.Name == "tool-echo" && t.ProtocolTool.InputSchema.GetProperty("properties").TryGetProperty("text", out _));
            var echoed = await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "hi", ["times"] = 3 }, cancellationToken: timeout.Token);
            Assert.Equal("hihihi", echoed.StructuredContent!.Value.GetProperty("result").GetString());
            var me = await client.CallToolAsync("tool-whoami", cancellationToken: timeout.Token);
            Assert.Equal("stdio-user", me.StructuredContent!.Value.GetProperty("userId").GetString());
        }

        // Without a token the app refuses the guarded tool: the relay adds no authority of its own.
        await using (var anonymous = await ConnectAsync(address, new Dictionary<string, string?> { ["BUNBASE_MCP_TOKEN"] = "" }, timeout.Token))
        {
            var refused = await anonymous.CallToolAsync("tool-whoami", cancellationToken: timeout.Token);
            Assert.True(refused.IsError);
            Assert.Equal("session_required", refused.StructuredContent!.Value.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task An_unreachable_app_is_an_error_answer_not_a_hang()
    {
        var address = new Uri($"http://127.0.0.1:{ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await ConnectAsync(address, new Dictionary<string, string?>(), timeout.Token));
        Assert.False(timeout.IsCancellationRequested, error.ToString());
        Assert.IsType<McpProtocolException>(error);
    }

    [Fact]
    public async Task An_unreachable_app_is_answered_with_an_error_and_the_relay_exits_0_when_its_client_leaves()
    {
        var address = new Uri($"http://127.0.0.1:{ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
        using var process = StartRelay(address);
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
        await process.StandardInput.FlushAsync();
        var answer = await process.StandardOutput.ReadLineAsync(timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);

        var log = await errors;
        Assert.Contains("\"code\":-32603", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.True(process.ExitCode == 0, log);
    }

    [Fact]
    public async Task Requests_piped_in_are_all_answered_though_stdin_closes_before_the_answers_come()
    {
        using var app = await StartAppAsync();
        var address = app.Address;
        using var process = StartRelay(address);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // As `printf '...' | bunbase mcp` sends them: everything at once, then end of input.
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.True(process.ExitCode == 0, await errors);
        Assert.Equal([1, 2], lines.Select(line => line.GetProperty("id").GetInt32()).Order());
        Assert.Contains(lines, line => line.GetProperty("id").GetInt32() == 2
            && line.GetProperty("result").GetProperty("tools").EnumerateArray().Any(tool => tool.GetProperty("name").GetString() == "tool-echo"));
    }

    /// <summary>The test app, serving on a free port.</summary>
    private async Task<RunningApp> StartAppAsync()
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "mcp-{{Guid.NewGuid():N}}", "host": "127.0.0.1", "port": {{port}} }""");
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = ChildProcess.Start(_directory, new Dictionary<string, string> { ["BUNBASE__AUTH__SESSIONSECRET"] = RepositoryPaths.SessionSecret }, RepositoryPaths.TestAppAssembly, "--config", config);
        Assert.True(await app.WaitUntilServingAsync(new Uri(address, "/_health/live"), TimeSpan.FromSeconds(60)), app.Output);
        return new RunningApp(app, address);
    }

    private sealed record RunningApp(ChildProcess Process, Uri Address) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }

    /// <summary><c>bunbase mcp</c> with its standard streams in the test's hands, as a client that pipes would have them.</summary>
    private System.Diagnostics.Process StartRelay(Uri address) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [Tool, "mcp", "--url", address.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        })!;

    private static Task<McpClient> ConnectAsync(Uri address, Dictionary<string, string?> environment, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [Tool, "mcp", "--url", address.ToString()],
                EnvironmentVariables = environment,
                Name = "bunbase",
            }),
            cancellationToken: cancellationToken);
}
