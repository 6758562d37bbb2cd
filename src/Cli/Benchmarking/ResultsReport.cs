using System.Globalization;

namespace Bunbase.Cli.Benchmarking;

/// <summary>The results table printed at the end of a run.</summary>
internal static class ResultsReport
{
    public static async Task WriteAsync(ResultsDocument results, TextWriter output)
    {
        var table = new TextTable("scenario", "mode", "req/s", "mean", "p50", "p90", "p95", "p99", "p99.9", "max ms", "p99 as wrk", "errors", "timeouts", "non-2xx", "server µs/req", "server RSS MiB", "tool µs/req");
        foreach (var s in results.Scenarios)
        {
            table.Add(
                s.Name,
                s.Mode == "constant-rate" ? $"rate {N(s.Rate ?? 0)}" : "closed",
                N(s.Throughput),
                Ms(s.Latency.Mean), Ms(s.Latency.P50), Ms(s.Latency.P90), Ms(s.Latency.P95), Ms(s.Latency.P99), Ms(s.Latency.P999), Ms(s.Latency.Max),
                s.WrkLatency is { } wrk ? Ms(wrk.P99) : "-",
                N(s.Totals?.Errors ?? s.Errors), N(s.Totals?.Timeouts ?? s.Timeouts), N(s.Totals?.Non2xx ?? s.Non2xx),
                s.Server is { } server ? F(server.CpuMicrosPerRequest) : "-",
                s.Server is { } memory ? F(memory.RssBytes / 1048576.0) : "-",
                s.Generator is { } generator ? F(generator.CpuMicrosPerRequest) : "-");
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await table.WriteAsync(output).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        var settings = results.Settings;
        if (settings is not null)
        {
            await output.WriteLineAsync(
                $"Median of {settings.Rounds} round(s) of {(settings.MaxRequests is { } max ? $"{max} requests" : $"{settings.DurationSeconds:0.#} s")}, {settings.Connections} connections, pipelining {settings.Pipelining}; errors, timeouts and non-2xx over all rounds.")
                .ConfigureAwait(false);
        }

        await output.WriteLineAsync(results.Scenarios.Any(s => s.Mode == "constant-rate")
            ? "Latency (ms) in constant-rate mode is measured from each request's intended send time (coordinated omission corrected, as wrk2)."
            : "Latency (ms) is closed-loop, as autocannon reports it: a slow response delays the next request, so tails are understated; --rate N corrects for that.").ConfigureAwait(false);
        if (results.Scenarios.Any(s => s.WrkLatency is not null))
        {
            await output.WriteLineAsync(
                "p99 as wrk: the same responses with wrk's after-the-run correction (a latency of at least twice the mean interval between a connection's requests also counts the requests it held back); compare wrk's p99 with this column.")
                .ConfigureAwait(false);
        }

        foreach (var s in results.Scenarios.Where(s => s.OutlierRounds.Count > 0))
            await output.WriteLineAsync($"{s.Name}: round(s) {string.Join(", ", s.OutlierRounds)} left out as outliers ({string.Join(", ", s.OutlierRounds.Select(r => N(s.Rounds[r - 1].Throughput)))} req/s).").ConfigureAwait(false);
        var first = results.Scenarios.FirstOrDefault(s => s.Generator is not null);
        if (first?.Generator is { } figures)
        {
            await output.WriteLineAsync(
                $"The load generator ran in this process on {figures.Threads} thread(s); tool µs/req is its CPU per request, which the server did not get on a shared machine{(results.Target.ServerPid is null ? "" : "; server µs/req and RSS are read from /proc")}.")
                .ConfigureAwait(false);
        }
    }

    internal static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    internal static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    internal static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
