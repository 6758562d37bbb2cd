using System.Globalization;
using Bunbase.Cli.Benchmarking;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>
/// Temporary: runs the benchmark entry point with the options in BUNBASE_BENCHMARK_ARGS (the same
/// spelling as <c>bunbase benchmark</c>), until the command is wired into the tool's command line.
/// Does nothing when the variable is unset. Used by benchmarks/tool-vs-wrk.sh.
/// </summary>
public sealed class BenchmarkManualRun
{
    [Fact]
    public async Task Runs_the_benchmark_named_by_the_environment()
    {
        var line = Environment.GetEnvironmentVariable("BUNBASE_BENCHMARK_ARGS");
        if (string.IsNullOrWhiteSpace(line))
            return;
        // The test host does not show a test's console: the output goes to a file when asked.
        var log = Environment.GetEnvironmentVariable("BUNBASE_BENCHMARK_LOG");
        await using var output = log is null ? TextWriter.Null : new StreamWriter(log) { AutoFlush = true };
        var exitCode = await Run(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), log is null ? Console.Out : output);
        var exitFile = Environment.GetEnvironmentVariable("BUNBASE_BENCHMARK_EXIT");
        if (exitFile is not null)
            await File.WriteAllTextAsync(exitFile, exitCode.ToString(CultureInfo.InvariantCulture));
    }

    private static Task<int> Run(string[] args, TextWriter output)
    {
        if (args.Length > 0 && args[0] == "compare")
        {
            var thresholds = new ComparisonThresholds();
            var files = new List<string>();
            for (var i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--throughput-threshold": thresholds = thresholds with { Throughput = D(args[++i]) }; break;
                    case "--latency-threshold": thresholds = thresholds with { Latency = D(args[++i]) }; break;
                    case "--allow-new-errors": thresholds = thresholds with { AllowNewErrors = true }; break;
                    default: files.Add(args[i]); break;
                }
            }

            return BenchmarkCompare.RunAsync(new CompareSettings(files[0], files[1]) { Thresholds = thresholds }, output);
        }

        var settings = new BenchmarkSettings { Progress = false };
        var scenarios = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--url" => settings with { Url = args[++i] },
                "--config" => settings with { ConfigPath = args[++i] },
                "--duration" => settings with { Duration = TimeSpan.FromSeconds(D(args[++i])) },
                "--warmup" => settings with { Warmup = TimeSpan.FromSeconds(D(args[++i])) },
                "--connections" => settings with { Connections = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--pipelining" => settings with { Pipelining = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--rate" => settings with { Rate = D(args[++i]) },
                "--threads" => settings with { Threads = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--requests" => settings with { MaxRequests = long.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--output" => settings with { Output = args[++i] },
                "--scenario-file" => settings with { ScenarioFile = args[++i] },
                "--server-pid" => settings with { ServerPid = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--save-baseline" => settings with { SaveBaseline = BenchmarkSettings.DefaultBaselinePath },
                "--baseline" => settings with { Baseline = args[++i] },
                _ => Add(scenarios, args[i], settings),
            };
        }

        return BenchmarkRunner.RunAsync(settings with { Scenarios = scenarios }, output, CancellationToken.None);
    }

    private static BenchmarkSettings Add(List<string> scenarios, string name, BenchmarkSettings settings)
    {
        scenarios.Add(name);
        return settings;
    }

    private static double D(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
