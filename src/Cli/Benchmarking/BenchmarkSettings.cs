namespace Bunbase.Cli.Benchmarking;

/// <summary>Every option of <c>bunbase benchmark [SCENARIO...]</c>; <see cref="BenchmarkRunner.RunAsync"/> runs them.</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>The default of <see cref="SaveBaseline"/> when <c>--save-baseline</c> is given without a path.</summary>
    public const string DefaultBaselinePath = "benchmarks/results/baseline.json";

    /// <summary>Scenario names (positional <c>SCENARIO...</c>).</summary>
    /// <value>Empty: the built-in scenarios the app supports, then every scenario of <see cref="ScenarioFile"/>.</value>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary><c>--url URL</c>: load an already running server (http only) instead of building and starting the app.</summary>
    /// <value>The default is null: the tool builds the app in Release, applies its migrations, starts it in Production on a free loopback port and stops it at the end.</value>
    public string? Url { get; init; }

    /// <summary><c>--config PATH</c>: the app's configuration file, when the tool starts the app.</summary>
    /// <value>The default is null: <c>./bunbase.config.json</c>.</value>
    public string? ConfigPath { get; init; }

    /// <summary><c>--duration SECONDS</c>: how long each round loads the server.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--warmup SECONDS</c>: load before each scenario's first round, not measured (0: none).</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--connections N</c>: open connections.</summary>
    /// <value>The default is 100.</value>
    public int Connections { get; init; } = 100;

    /// <summary><c>--pipelining N</c>: requests in flight on a connection at once.</summary>
    /// <value>The default is 1 (no pipelining).</value>
    public int Pipelining { get; init; } = 1;

    /// <summary><c>--rounds N</c>: measured rounds per scenario; the median round (by req/s) is reported, rounds more than 2 standard deviations from the median (estimated from the median absolute deviation) are reported as outliers and left out.</summary>
    /// <value>The default is 3.</value>
    public int Rounds { get; init; } = 3;

    /// <summary><c>--rate N</c>: constant-rate mode, N requests per second in all; latency is measured from each request's intended send time (corrected for coordinated omission, as wrk2 does).</summary>
    /// <value>The default is null: closed loop (each connection sends its next request when a response arrives).</value>
    public double? Rate { get; init; }

    /// <summary><c>--threads N</c>: load-generator threads in the tool's process; connections are spread over them.</summary>
    /// <value>The default is 1.</value>
    public int Threads { get; init; } = 1;

    /// <summary><c>--timeout SECONDS</c>: a request unanswered this long counts as a timeout and its connection is reopened.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>--requests N</c>: stop each round after N requests in all instead of after <see cref="Duration"/> (for exact counts).</summary>
    /// <value>The default is null: rounds last <see cref="Duration"/>.</value>
    public long? MaxRequests { get; init; }

    /// <summary><c>--output PATH</c>: where the results JSON is written.</summary>
    /// <value>The default is null: <c>benchmarks/results/results-&lt;UTC timestamp&gt;.json</c> under the current folder.</value>
    public string? Output { get; init; }

    /// <summary><c>--save-baseline [PATH]</c>: also write the results to PATH (<see cref="DefaultBaselinePath"/> when the option has no value).</summary>
    /// <value>The default is null: no baseline written.</value>
    public string? SaveBaseline { get; init; }

    /// <summary><c>--baseline PATH</c>: compare the results with a baseline after the run, as <c>benchmark compare</c> does; exit 1 on a regression.</summary>
    /// <value>The default is null: no comparison.</value>
    public string? Baseline { get; init; }

    /// <summary><c>--scenario-file PATH</c>: user scenarios (JSON; see the README's "Benchmarking your app").</summary>
    /// <value>The default is null: built-in scenarios only.</value>
    public string? ScenarioFile { get; init; }

    /// <summary><c>--server-pid PID</c>: with <see cref="Url"/>, read that process's CPU and RSS from /proc (when the tool starts the app it knows the pid).</summary>
    /// <value>The default is null: no server figures for a server the tool did not start.</value>
    public int? ServerPid { get; init; }

    /// <summary>The thresholds of the comparison with <see cref="Baseline"/> (<c>--throughput-threshold</c>, <c>--latency-threshold</c>).</summary>
    public ComparisonThresholds Thresholds { get; init; } = new();

    /// <summary>Whether to redraw a live progress line; off when the output is not a terminal.</summary>
    /// <value>The default is true.</value>
    public bool Progress { get; init; } = true;
}
