namespace Bunbase.Cli.Benchmarking;

/// <summary>When a change between two results is a regression.</summary>
internal sealed record ComparisonThresholds
{
    /// <summary><c>--throughput-threshold FRACTION</c>: req/s lower than the baseline's by more than this is a regression (higher by more is an improvement).</summary>
    /// <value>The default is 0.05 (5%).</value>
    public double Throughput { get; init; } = 0.05;

    /// <summary><c>--latency-threshold FRACTION</c>: a mean, p50 or p99 latency higher than the baseline's by more than this is a regression.</summary>
    /// <value>The default is 0.10 (10%).</value>
    public double Latency { get; init; } = 0.10;

    /// <summary><c>--allow-new-errors</c>: more errors, timeouts or non-2xx responses than the baseline are reported but not a regression.</summary>
    /// <value>The default is false: any new error is a regression.</value>
    public bool AllowNewErrors { get; init; }
}
