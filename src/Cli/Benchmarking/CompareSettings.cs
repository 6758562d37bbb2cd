namespace Bunbase.Cli.Benchmarking;

/// <summary><c>bunbase benchmark compare CURRENT BASELINE</c>; <see cref="BenchmarkCompare.RunAsync"/> runs it.</summary>
/// <param name="Current">The results file to judge.</param>
/// <param name="Baseline">The results file it is compared with.</param>
internal sealed record CompareSettings(string Current, string Baseline)
{
    /// <summary>The thresholds (<c>--throughput-threshold</c>, <c>--latency-threshold</c>, <c>--allow-new-errors</c>).</summary>
    public ComparisonThresholds Thresholds { get; init; } = new();
}
