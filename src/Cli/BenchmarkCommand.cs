using System.CommandLine;
using Bunbase.Cli.Benchmarking;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase benchmark [SCENARIO...]</c>: loads the app (built and started in Release, or an already
/// running server with <c>--url</c>) and reports req/s, latency percentiles, errors and the server's
/// CPU per request; <c>benchmark compare CURRENT BASELINE</c> judges two results files (exit 1 on a
/// regression). The work is in <c>Benchmarking/</c>; this maps the command line onto its settings.
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var defaults = new BenchmarkSettings();
        var scenarios = new Argument<string[]>("scenario") { Description = "Scenarios to run (default: every built-in scenario the app supports)", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string?>("--url") { Description = "Load this running server (http://host:port) instead of building and starting the app", HelpName = "URL" };
        var duration = Seconds(new Option<double>("--duration") { Description = "Seconds each round loads the server", HelpName = "SECONDS", DefaultValueFactory = _ => defaults.Duration.TotalSeconds }, orZero: false);
        var warmup = Seconds(new Option<double>("--warmup") { Description = "Seconds of unmeasured load before each scenario", HelpName = "SECONDS", DefaultValueFactory = _ => defaults.Warmup.TotalSeconds }, orZero: true);
        var connections = NumericOptions.Whole(new Option<int>("--connections") { Description = "Open connections", HelpName = "N", DefaultValueFactory = _ => defaults.Connections }, min: 1);
        var pipelining = NumericOptions.Whole(new Option<int>("--pipelining") { Description = "Requests in flight per connection", HelpName = "N", DefaultValueFactory = _ => defaults.Pipelining }, min: 1);
        var rounds = NumericOptions.Whole(new Option<int>("--rounds") { Description = "Measured rounds per scenario; the median is reported, outliers beyond 2 standard deviations named and left out", HelpName = "N", DefaultValueFactory = _ => defaults.Rounds }, min: 1);
        var rate = NumericOptions.Number(new Option<double?>("--rate") { Description = "Constant-rate mode: N requests per second in all, latency corrected for coordinated omission", HelpName = "N" }, min: 0, orEqual: false);
        var threads = NumericOptions.Whole(new Option<int>("--threads") { Description = "Load-generator threads", HelpName = "N", DefaultValueFactory = _ => defaults.Threads }, min: 1);
        var timeout = Seconds(new Option<double>("--timeout") { Description = "Seconds after which an unanswered request is a timeout", HelpName = "SECONDS", DefaultValueFactory = _ => defaults.Timeout.TotalSeconds }, orZero: false);
        var requests = NumericOptions.Whole(new Option<long?>("--requests") { Description = "Stop each round after N requests in all instead of after --duration", HelpName = "N" }, min: 1);
        var output = new Option<string?>("--output") { Description = "Where the results JSON goes (default benchmarks/results/results-<timestamp>.json)", HelpName = "PATH" };
        var saveBaseline = new Option<string?>("--save-baseline") { Description = $"Also write the results here (without a value: {BenchmarkSettings.DefaultBaselinePath})", HelpName = "PATH", Arity = ArgumentArity.ZeroOrOne };
        var baseline = new Option<string?>("--baseline") { Description = "Compare with this results file after the run (exit 1 on a regression)", HelpName = "PATH" };
        var scenarioFile = new Option<string?>("--scenario-file") { Description = "User scenarios (JSON; see the README's \"Benchmarking your app\")", HelpName = "PATH" };
        var serverPid = NumericOptions.Whole(new Option<int?>("--server-pid") { Description = "With --url: the server's process id, to read its CPU and memory from /proc", HelpName = "PID" }, min: 1);
        var (throughputThreshold, latencyThreshold, allowNewErrors) = ThresholdOptions();

        var command = new Command("benchmark", "Load-test the app: req/s, latency percentiles, errors and the server's CPU per request")
        {
            scenarios, url, duration, warmup, connections, pipelining, rounds, rate, threads, timeout, requests, output, saveBaseline, baseline, scenarioFile, serverPid,
            throughputThreshold, latencyThreshold, allowNewErrors,
        };
        command.SetAction((parse, cancellationToken) => BenchmarkRunner.RunAsync(
            new BenchmarkSettings
            {
                Scenarios = parse.GetValue(scenarios) ?? [],
                Url = parse.GetValue(url),
                ConfigPath = parse.GetValue(CommonOptions.Config),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Connections = parse.GetValue(connections),
                Pipelining = parse.GetValue(pipelining),
                Rounds = parse.GetValue(rounds),
                Rate = parse.GetValue(rate),
                Threads = parse.GetValue(threads),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MaxRequests = parse.GetValue(requests),
                Output = parse.GetValue(output),
                SaveBaseline = parse.GetResult(saveBaseline) is null ? null : parse.GetValue(saveBaseline) ?? BenchmarkSettings.DefaultBaselinePath,
                Baseline = parse.GetValue(baseline),
                ScenarioFile = parse.GetValue(scenarioFile),
                ServerPid = parse.GetValue(serverPid),
                Thresholds = Thresholds(parse, throughputThreshold, latencyThreshold, allowNewErrors),
                Progress = !Console.IsOutputRedirected,
            },
            Console.Out,
            cancellationToken,
            Console.Error));

        command.Subcommands.Add(Compare());
        return command;
    }

    private static Command Compare()
    {
        var current = new Argument<string>("current") { Description = "The results file to judge" };
        var baseline = new Argument<string>("baseline") { Description = "The results file it is compared with" };
        var (throughputThreshold, latencyThreshold, allowNewErrors) = ThresholdOptions();
        var command = new Command("compare", "Compare two results files: a table of changes, exit 1 on a regression")
        {
            current, baseline, throughputThreshold, latencyThreshold, allowNewErrors,
        };
        command.SetAction(parse => BenchmarkCompare.RunAsync(
            new CompareSettings(parse.GetValue(current)!, parse.GetValue(baseline)!) { Thresholds = Thresholds(parse, throughputThreshold, latencyThreshold, allowNewErrors) },
            Console.Out,
            Console.Error));
        return command;
    }

    private static (Option<double> Throughput, Option<double> Latency, Option<bool> AllowNewErrors) ThresholdOptions()
    {
        var defaults = new ComparisonThresholds();
        var throughput = NumericOptions.Number(new Option<double>("--throughput-threshold") { Description = "A req/s drop larger than this fraction is a regression", HelpName = "FRACTION", DefaultValueFactory = _ => defaults.Throughput }, min: 0, orEqual: true);
        var latency = NumericOptions.Number(new Option<double>("--latency-threshold") { Description = "A mean, p50 or p99 rise larger than this fraction is a regression", HelpName = "FRACTION", DefaultValueFactory = _ => defaults.Latency }, min: 0, orEqual: true);
        var allowNewErrors = new Option<bool>("--allow-new-errors") { Description = "More errors, timeouts or non-2xx than the baseline are reported, not a regression" };
        return (throughput, latency, allowNewErrors);
    }

    private static ComparisonThresholds Thresholds(ParseResult parse, Option<double> throughput, Option<double> latency, Option<bool> allowNewErrors) =>
        new() { Throughput = parse.GetValue(throughput), Latency = parse.GetValue(latency), AllowNewErrors = parse.GetValue(allowNewErrors) };

    /// <summary>Seconds, up to a day: a longer run is a mistake, and would not fit a <see cref="TimeSpan"/> much further on.</summary>
    private static Option<double> Seconds(Option<double> option, bool orZero) => NumericOptions.Number(option, min: 0, orEqual: orZero, max: 86_400);
}
