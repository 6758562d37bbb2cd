using System.Text.Json;
using Bunbase.Cli.Benchmarking;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>The benchmark entry point against a counting server: counts in the report and the JSON, and one-line failures.</summary>
public sealed class BenchmarkRunnerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bunbase-benchmark-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_url_with_nothing_listening_fails_in_one_line()
    {
        var output = new StringWriter();
        var exitCode = await BenchmarkRunner.RunAsync(Settings($"http://127.0.0.1:{LoadGeneratorTests.ClosedPort()}"), output, CancellationToken.None);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("bunbase: nothing answers at http://127.0.0.1:", line);
        Assert.Contains("connection refused", line);
    }

    [Theory]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"path\": \"/x/{{rand 1 2}}\" } ] }", "scenarios[0] (a).path: unknown placeholder '{{rand 1 2}}'")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"method\": \"FETCH\", \"path\": \"/\" } ] }", "scenarios[0] (a).method 'FETCH' is not one of")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\" } ] }", "scenarios[0] (a).path is missing")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"path\": \"/\", \"wieght\": 2 } ] }", "scenarios[0] (a): unknown field \"wieght\"")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"requests\": [ { \"path\": \"/\", \"weight\": 0 } ] } ] }", "scenarios[0] (a).requests[0].weight must be a whole number of at least 1")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"path\": \"/\", \"session\": { \"path\": \"/s\", \"sendAs\": \"header\" } } ] }", "scenarios[0] (a).session.sendAs 'header' must be bearer or cookie:NAME")]
    [InlineData("{ \"scenarios\": [ { \"name\": \"a\", \"path\": \"/\" }, ", "not valid JSON (line 1")]
    public async Task A_bad_scenario_file_fails_in_one_line_naming_the_problem(string content, string problem)
    {
        await using var server = new CountingServer();
        var file = Path.Combine(folder, "scenarios.json");
        await File.WriteAllTextAsync(file, content);
        var output = new StringWriter();

        var exitCode = await BenchmarkRunner.RunAsync(Settings(server.Url) with { ScenarioFile = file }, output, CancellationToken.None);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith($"bunbase: scenario file {file}: ", line);
        Assert.Contains(problem, line);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task An_unknown_scenario_fails_in_one_line_listing_the_known_ones()
    {
        var output = new StringWriter();
        var exitCode = await BenchmarkRunner.RunAsync(Settings("http://127.0.0.1:1") with { Scenarios = ["helo"] }, output, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown scenario 'helo' (known: simple-get, health-check", Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task Reports_exact_counts_per_round_and_in_all_in_the_results_file()
    {
        await using var server = new CountingServer(n => n % 4 == 0 ? new ServerAnswer(500) : ServerAnswer.Ok);
        var file = Path.Combine(folder, "scenarios.json");
        await File.WriteAllTextAsync(file, """
            { "scenarios": [ { "name": "mix", "requests": [
                { "method": "GET", "path": "/items/{{random 1 100}}", "weight": 3 },
                { "method": "POST", "path": "/items", "body": { "id": "{{uuid}}" }, "weight": 1 } ] } ] }
            """);
        var results = Path.Combine(folder, "out", "results.json");
        var output = new StringWriter();

        var exitCode = await BenchmarkRunner.RunAsync(Settings(server.Url) with { ScenarioFile = file, Scenarios = ["mix"], MaxRequests = 400, Rounds = 3, Pipelining = 4, Output = results }, output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(1200, server.Requests);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(results));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal("mix", scenario.GetProperty("name").GetString());
        Assert.Equal("closed-loop", scenario.GetProperty("mode").GetString());
        Assert.Equal(3, scenario.GetProperty("rounds").GetArrayLength());
        foreach (var round in scenario.GetProperty("rounds").EnumerateArray())
        {
            Assert.Equal(400, round.GetProperty("requests").GetInt64());
            Assert.Equal(400, round.GetProperty("sent").GetInt64());
            Assert.Equal(0, round.GetProperty("errors").GetInt64());
        }

        Assert.Equal(1200, scenario.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(300, scenario.GetProperty("totals").GetProperty("non2xx").GetInt64());
        Assert.Equal(400, scenario.GetProperty("requests").GetInt64());
        foreach (var field in new[] { "mean", "p50", "p75", "p90", "p95", "p99", "p999", "max" })
            Assert.True(scenario.GetProperty("latency").TryGetProperty(field, out _), field);
        Assert.True(scenario.GetProperty("throughput").GetDouble() > 0);
        // Closed loop: the wrk-corrected figures beside the raw ones (WrkLatencyTests checks their values).
        Assert.True(scenario.GetProperty("wrkLatency").GetProperty("p99").GetDouble() > 0);
        Assert.False(scenario.TryGetProperty("uncorrectedLatency", out _));
        Assert.Contains("p99 as wrk", output.ToString());
        Assert.Contains("mix", output.ToString());
        Assert.Contains($"wrote {results}", output.ToString());
    }

    [Fact]
    public async Task A_run_compared_with_a_baseline_exits_1_on_new_errors()
    {
        await using var healthy = new CountingServer();
        var baseline = Path.Combine(folder, "baseline.json");
        Assert.Equal(0, await BenchmarkRunner.RunAsync(Settings(healthy.Url) with { Scenarios = ["simple-get"], MaxRequests = 100, Output = Path.Combine(folder, "a.json"), SaveBaseline = baseline }, new StringWriter(), CancellationToken.None));
        Assert.True(File.Exists(baseline));

        await using var failing = new CountingServer(_ => new ServerAnswer(503));
        var output = new StringWriter();
        var exitCode = await BenchmarkRunner.RunAsync(Settings(failing.Url) with { Scenarios = ["simple-get"], MaxRequests = 100, Output = Path.Combine(folder, "b.json"), Baseline = baseline }, output, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("REGRESSION", output.ToString());
    }

    [Fact]
    public void A_round_far_from_the_others_is_an_outlier_and_the_median_is_of_the_rest()
    {
        var (median, outliers) = RoundSelection.Select([10_000, 10_100, 6_000]);
        Assert.Equal([false, false, true], outliers);
        Assert.Equal(0, median);

        (median, outliers) = RoundSelection.Select([10_000, 10_300, 9_800]);
        Assert.DoesNotContain(true, outliers);
        Assert.Equal(0, median);
    }

    private static BenchmarkSettings Settings(string url) => new()
    {
        Url = url,
        Connections = 4,
        Threads = 2,
        Rounds = 1,
        Warmup = TimeSpan.Zero,
        Duration = TimeSpan.FromSeconds(60),
        Progress = false,
    };

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
