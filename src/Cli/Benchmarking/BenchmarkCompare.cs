using System.Globalization;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// <c>bunbase benchmark compare CURRENT BASELINE</c>: a table of changes per scenario; exit 1 when
/// req/s fell by more than the throughput threshold, a mean/p50/p99 latency rose by more than the
/// latency threshold, or errors, timeouts or non-2xx responses appeared that the baseline did not have.
/// </summary>
internal static class BenchmarkCompare
{
    /// <summary>Compares two results files. Returns 0 (no regression), 1 (a regression) or 2 (a file could not be read; one line on <paramref name="error"/>, or on <paramref name="output"/> when null).</summary>
    public static async Task<int> RunAsync(CompareSettings settings, TextWriter output, TextWriter? error = null)
    {
        try
        {
            if (settings.Thresholds.Throughput < 0 || settings.Thresholds.Latency < 0)
                throw new CliException("thresholds are fractions of at least 0 (0.05 is 5%)");
            var current = ResultsFile.Read(settings.Current);
            var baseline = ResultsFile.Read(settings.Baseline);
            return await CompareAsync(current, baseline, settings.Thresholds, output).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await (error ?? output).WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>Prints the table of changes; returns 1 when there is a regression, else 0.</summary>
    public static async Task<int> CompareAsync(ResultsDocument current, ResultsDocument baseline, ComparisonThresholds thresholds, TextWriter output)
    {
        var table = new TextTable("scenario", "metric", "baseline", "current", "change", "verdict");
        var regressions = 0;
        var notes = new List<string>();
        foreach (var before in baseline.Scenarios)
        {
            var after = current.Scenarios.FirstOrDefault(s => s.Name == before.Name);
            if (after is null)
            {
                notes.Add($"{before.Name}: in the baseline only (not compared)");
                continue;
            }

            if (after.Mode != before.Mode)
                notes.Add($"{before.Name}: {after.Mode} against a {before.Mode} baseline; latencies are not measured alike");

            regressions += Row(table, before.Name, "req/s", before.Throughput, after.Throughput, thresholds.Throughput, higherIsBetter: true);
            regressions += Row(table, before.Name, "latency mean ms", before.Latency?.Mean, after.Latency?.Mean, thresholds.Latency, higherIsBetter: false);
            regressions += Row(table, before.Name, "latency p50 ms", before.Latency?.P50, after.Latency?.P50, thresholds.Latency, higherIsBetter: false);
            regressions += Row(table, before.Name, "latency p99 ms", before.Latency?.P99, after.Latency?.P99, thresholds.Latency, higherIsBetter: false);
            regressions += Count(table, before.Name, "errors", before.Totals?.Errors ?? before.Errors, after.Totals?.Errors ?? after.Errors, thresholds);
            regressions += Count(table, before.Name, "timeouts", before.Totals?.Timeouts ?? before.Timeouts, after.Totals?.Timeouts ?? after.Timeouts, thresholds);
            regressions += Count(table, before.Name, "non-2xx", before.Totals?.Non2xx ?? before.Non2xx, after.Totals?.Non2xx ?? after.Non2xx, thresholds);
        }

        foreach (var added in current.Scenarios.Where(s => baseline.Scenarios.All(b => b.Name != s.Name)))
            notes.Add($"{added.Name}: not in the baseline (not compared)");

        await table.WriteAsync(output).ConfigureAwait(false);
        foreach (var note in notes)
            await output.WriteLineAsync(note).ConfigureAwait(false);
        await output.WriteLineAsync(regressions == 0
            ? $"no regression (thresholds: req/s -{thresholds.Throughput:P0}, latency +{thresholds.Latency:P0}, {(thresholds.AllowNewErrors ? "new errors allowed" : "no new errors")})"
            : $"{regressions} regression(s) (thresholds: req/s -{thresholds.Throughput:P0}, latency +{thresholds.Latency:P0}, {(thresholds.AllowNewErrors ? "new errors allowed" : "no new errors")})").ConfigureAwait(false);
        return regressions == 0 ? 0 : 1;
    }

    private static int Row(TextTable table, string scenario, string metric, double? before, double? after, double threshold, bool higherIsBetter)
    {
        if (before is not > 0 || after is null)
            return 0;
        var change = (after.Value - before.Value) / before.Value;
        var better = higherIsBetter ? change > threshold : change < -threshold;
        var worse = higherIsBetter ? change < -threshold : change > threshold;
        table.Add(scenario, metric, Format(before.Value), Format(after.Value), change.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture), worse ? "REGRESSION" : better ? "improved" : "same");
        return worse ? 1 : 0;
    }

    private static int Count(TextTable table, string scenario, string metric, long before, long after, ComparisonThresholds thresholds)
    {
        if (before == 0 && after == 0)
            return 0;
        var worse = after > before;
        table.Add(scenario, metric, before.ToString(CultureInfo.InvariantCulture), after.ToString(CultureInfo.InvariantCulture), (after - before).ToString("+0;-0;0", CultureInfo.InvariantCulture),
            worse ? thresholds.AllowNewErrors ? "worse (allowed)" : "REGRESSION" : after < before ? "improved" : "same");
        return worse && !thresholds.AllowNewErrors ? 1 : 0;
    }

    private static string Format(double value) => value >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);
}
