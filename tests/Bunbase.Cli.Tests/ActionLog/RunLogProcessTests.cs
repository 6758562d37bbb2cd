using System.Net;

namespace Bunbase.Cli.Tests.ActionLog;

/// <summary>The run log of a real process stopped with SIGTERM under load, and read back with <c>bunbase runs</c>.</summary>
public sealed class RunLogProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-runlog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sigterm_under_load_loses_no_record()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_directory, "bunbase.config.json");
        // Neither the interval nor the batch size comes due during the test: every record waits for the shutdown's flush.
        await File.WriteAllTextAsync(config, $$"""
            {
              "name": "runlog", "host": "127.0.0.1", "port": {{port}},
              "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" },
              "database": { "url": "{{database.Url}}" },
              "persistence": { "flushIntervalMs": 600000, "maxBufferSize": 100000, "bufferCapacity": 1000000 }
            }
            """);
        using var app = ChildProcess.Start(_directory, new Dictionary<string, string>(), RepositoryPaths.TestAppAssembly, "--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        Assert.True(await app.WaitUntilServingAsync(new Uri(baseAddress, "/_health/live"), TimeSpan.FromSeconds(60)), app.Output);

        long answered = 0, attempted = 0;
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!bound.IsCancellationRequested)
            {
                Interlocked.Increment(ref attempted);
                try
                {
                    using var response = await client.GetAsync("/hello", bound.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                        Interlocked.Increment(ref answered);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    return; // the server stopped accepting
                }
            }
        }));

        // Under load when SIGTERM comes: at least 500 answered (bounded wait; a busy machine is slower, not wrong).
        for (var waited = 0; waited < 300 && Volatile.Read(ref answered) < 500 && !load.IsCompleted; waited++)
            await Task.Delay(100);
        app.Terminate();
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        await bound.CancelAsync();
        await load;

        Assert.Equal(0, app.ExitCode);
        Assert.True(answered >= 500, $"only {answered} requests answered before SIGTERM");
        var rows = await database.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'hello'");
        Assert.InRange(rows, answered, attempted);
        Assert.DoesNotContain("lost", app.Output, StringComparison.Ordinal);

        var listed = await RunCliAsync(config, "runs", "--action", "hello", "--status", "ok", "--limit", "3");
        Assert.Equal(0, listed.ExitCode);
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  hello  http  ok 200  \d+\.\d ms  trace [0-9a-f]{32}$", line));

        var json = await RunCliAsync(config, "runs", "--json", "--limit", "1");
        using var document = System.Text.Json.JsonDocument.Parse(json.Output.Trim());
        Assert.Equal("hello", document.RootElement.GetProperty("action").GetString());
        Assert.Equal("Hello, World!", document.RootElement.GetProperty("output").GetProperty("message").GetString());

        var refused = await RunCliAsync(config, "runs", "--status", "fine");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("bunbase: --status must be one of ok, rejected, failed, cancelled, not 'fine' (see 'bunbase runs --help')", refused.Output.Trim());
    }

    [Fact]
    public async Task Runs_and_jobs_read_an_embedded_database_the_app_never_created_as_empty()
    {
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, """{ "name": "fresh" }""");

        var runs = await RunCliAsync(config, "runs");
        var jobs = await RunCliAsync(config, "jobs");
        var mail = await RunCliAsync(config, "mail", "--status", "failed");

        Assert.Equal((0, "no runs recorded"), (runs.ExitCode, runs.Output.Trim()));
        Assert.Equal((0, "dead: 0"), (jobs.ExitCode, jobs.Output.Trim()));
        Assert.Equal((0, "no mail"), (mail.ExitCode, mail.Output.Trim()));
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
