using Bunbase.Cli.Benchmarking;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>compare's thresholds on crafted results files.</summary>
public sealed class BenchmarkCompareTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bunbase-compare-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(10_000, 9_600, 0)] // -4%: within 5%
    [InlineData(10_000, 9_400, 1)] // -6%: a regression
    [InlineData(10_000, 12_000, 0)] // faster is an improvement
    public async Task Throughput_lower_by_more_than_5_percent_is_a_regression(double baseline, double current, int exitCode)
    {
        var output = new StringWriter();
        Assert.Equal(exitCode, await CompareAsync(Result(throughput: current), Result(throughput: baseline), output));
        Assert.Contains(exitCode == 1 ? "REGRESSION" : "no regression", output.ToString());
    }

    [Theory]
    [InlineData(2.0, 2.18, 0)] // +9%
    [InlineData(2.0, 2.25, 1)] // +12.5%
    [InlineData(2.0, 1.0, 0)]
    public async Task P99_higher_by_more_than_10_percent_is_a_regression(double baseline, double current, int exitCode)
    {
        Assert.Equal(exitCode, await CompareAsync(Result(p99: current), Result(p99: baseline), new StringWriter()));
    }

    [Fact]
    public async Task Any_new_error_is_a_regression_unless_allowed()
    {
        var output = new StringWriter();
        Assert.Equal(1, await CompareAsync(Result(errors: 1), Result(), output));
        Assert.Contains("errors", output.ToString());
        Assert.Equal(1, await CompareAsync(Result(timeouts: 2), Result(), new StringWriter()));
        Assert.Equal(1, await CompareAsync(Result(non2xx: 5), Result(non2xx: 4), new StringWriter()));
        Assert.Equal(0, await CompareAsync(Result(errors: 3), Result(errors: 3), new StringWriter()));
        Assert.Equal(0, await CompareAsync(Result(errors: 1), Result(), new StringWriter(), new ComparisonThresholds { AllowNewErrors = true }));
    }

    [Fact]
    public async Task Thresholds_are_configurable()
    {
        var loose = new ComparisonThresholds { Throughput = 0.2, Latency = 0.5 };
        Assert.Equal(0, await CompareAsync(Result(throughput: 8_500, p99: 2.8), Result(throughput: 10_000, p99: 2.0), new StringWriter(), loose));
        Assert.Equal(1, await CompareAsync(Result(throughput: 9_900), Result(throughput: 10_000), new StringWriter(), new ComparisonThresholds { Throughput = 0.005 }));
    }

    [Fact]
    public async Task A_scenario_missing_from_one_side_is_reported_not_judged()
    {
        var output = new StringWriter();
        var current = await Write("current.json", Document(Scenario("hello")));
        var baseline = await Write("baseline.json", Document(Scenario("hello"), Scenario("db-read")));
        Assert.Equal(0, await BenchmarkCompare.RunAsync(new CompareSettings(current, baseline), output));
        Assert.Contains("db-read: in the baseline only", output.ToString());
    }

    [Fact]
    public async Task A_missing_or_broken_file_fails_in_one_line()
    {
        var broken = Path.Combine(folder, "broken.json");
        await File.WriteAllTextAsync(broken, "{ not json");
        var output = new StringWriter();
        Assert.Equal(2, await BenchmarkCompare.RunAsync(new CompareSettings(broken, Path.Combine(folder, "none.json")), output));
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: results file", line);
    }

    private async Task<int> CompareAsync(ScenarioResult current, ScenarioResult baseline, StringWriter output, ComparisonThresholds? thresholds = null)
    {
        var currentPath = await Write($"current-{Guid.NewGuid():N}.json", Document(current));
        var baselinePath = await Write($"baseline-{Guid.NewGuid():N}.json", Document(baseline));
        return await BenchmarkCompare.RunAsync(new CompareSettings(currentPath, baselinePath) { Thresholds = thresholds ?? new() }, output);
    }

    private async Task<string> Write(string name, ResultsDocument document)
    {
        var path = Path.Combine(folder, name);
        await ResultsFile.WriteAsync(path, document);
        return path;
    }

    private static ResultsDocument Document(params ScenarioResult[] scenarios) =>
        new() { Timestamp = DateTimeOffset.UnixEpoch, Target = new ResultsTarget("http://127.0.0.1:1", false, null), Scenarios = scenarios };

    private static ScenarioResult Scenario(string name) => Result() with { Name = name };

    private static ScenarioResult Result(double throughput = 10_000, double p99 = 2.0, long errors = 0, long timeouts = 0, long non2xx = 0) => new()
    {
        Name = "hello",
        Throughput = throughput,
        Latency = new LatencySummary(Mean: 1.0, Stdev: 0.5, P50: 0.9, P75: 1.1, P90: 1.5, P95: 1.8, P99: p99, P999: 4.0, Max: 9.0),
        Requests = 100_000,
        Errors = errors,
        Timeouts = timeouts,
        Non2xx = non2xx,
        Totals = new ScenarioTotals(100_000, errors, timeouts, non2xx),
    };
}
