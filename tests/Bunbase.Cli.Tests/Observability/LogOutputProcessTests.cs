using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bunbase.Cli.Tests.Observability;

/// <summary>What the runtime writes to standard output, as a real process: JSON lines or text, trace ids, level.</summary>
public sealed class LogOutputProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-logs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Production_writes_json_lines_with_the_trace_and_span_of_the_request()
    {
        var port = ChildProcess.FreePort();
        var closed = ChildProcess.FreePort();
        using var app = await StartAsync(port, new Dictionary<string, string>(), $$"""
            "redis": { "url": "redis://:redis-password@127.0.0.1:{{closed}}", "timeoutMs": 50 },
            "observability": { "tracing": { "otlp": { "endpoint": "http://127.0.0.1:{{closed}}", "headers": "x-api-key=otlp-secret" } } }
            """);
        var traceId = Guid.NewGuid().ToString("N");

        await GetAsync(port, "/fail/crash", traceId);
        await GetAsync(port, $"/tenants/{Guid.NewGuid():N}/limited", null);
        var output = await WaitForAsync(app, traceId);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        var error = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "Bunbase.Runtime.Http.ProblemResponses");
        Assert.Equal("Error", error.GetProperty("LogLevel").GetString());
        var scope = error.GetProperty("Scopes").EnumerateArray().First(s => s.TryGetProperty("TraceId", out _));
        Assert.Equal(traceId, scope.GetProperty("TraceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", scope.GetProperty("SpanId").GetString()!);
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime");
        Assert.DoesNotContain("otlp-secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("redis-password", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_writes_readable_lines_with_the_trace_and_span_ids()
    {
        var port = ChildProcess.FreePort();
        using var app = await StartAsync(port, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var traceId = Guid.NewGuid().ToString("N");

        await GetAsync(port, "/fail/crash", traceId);
        var output = await WaitForAsync(app, traceId);

        Assert.Contains("fail: Bunbase.Runtime.Http.ProblemResponses", output, StringComparison.Ordinal);
        Assert.Matches($"=> SpanId:[0-9a-f]{{16}}, TraceId:{traceId}", output);
        Assert.DoesNotContain("{\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Level_and_format_are_taken_from_the_configuration()
    {
        var port = ChildProcess.FreePort();
        using var app = await StartAsync(port, new Dictionary<string, string>
        {
            ["BUNBASE__OBSERVABILITY__LOGGING__LEVEL"] = "Warning",
            ["BUNBASE__OBSERVABILITY__LOGGING__FORMAT"] = "Text",
        });
        var traceId = Guid.NewGuid().ToString("N");

        await GetAsync(port, "/fail/crash", traceId);
        var output = await WaitForAsync(app, traceId);

        Assert.Contains("fail: Bunbase.Runtime.Http.ProblemResponses", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    private async Task<ChildProcess> StartAsync(int port, Dictionary<string, string> environment, string extraConfig = "")
    {
        var config = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        var extra = extraConfig.Length == 0 ? "" : "," + extraConfig;
        await File.WriteAllTextAsync(config, $$"""{ "name": "logs", "host": "127.0.0.1", "port": {{port.ToString(CultureInfo.InvariantCulture)}} {{extra}} }""");
        environment.TryAdd("BUNBASE__AUTH__SESSIONSECRET", RepositoryPaths.SessionSecret); // the fixture app has guarded actions
        var app = ChildProcess.Start(_directory, environment, RepositoryPaths.TestAppAssembly, "--config", config);
        Assert.True(await app.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/_health/live"), TimeSpan.FromSeconds(60)), app.Output);
        return app;
    }

    private static async Task GetAsync(int port, string path, string? traceId)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (traceId is not null)
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Waits (bounded) until the process has written the trace id, and returns all it wrote.</summary>
    private static async Task<string> WaitForAsync(ChildProcess app, string traceId)
    {
        for (var attempt = 0; attempt < 100 && !app.Output.Contains(traceId, StringComparison.Ordinal); attempt++)
            await Task.Delay(100);
        Assert.Contains(traceId, app.Output, StringComparison.Ordinal);
        return app.Output;
    }
}
