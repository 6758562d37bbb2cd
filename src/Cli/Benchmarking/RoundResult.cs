namespace Bunbase.Cli.Benchmarking;

/// <summary>One measured round of a scenario.</summary>
internal sealed record RoundResult
{
    /// <summary>Responses per second over the round.</summary>
    public double Throughput { get; init; }

    /// <summary>Milliseconds; in constant-rate mode from each request's intended send time.</summary>
    public LatencySummary Latency { get; init; } = null!;

    /// <summary>Constant-rate mode only: from the actual send, as a closed-loop tool would report.</summary>
    public LatencySummary? UncorrectedLatency { get; init; }

    /// <summary>Closed-loop mode only: the same responses with wrk's after-the-run correction (see <see cref="WrkLatency"/>).</summary>
    public LatencySummary? WrkLatency { get; init; }

    /// <summary>Responses received (any status).</summary>
    public long Requests { get; init; }

    /// <summary>Requests sent: each one is a response, an error or a timeout.</summary>
    public long Sent { get; init; }

    public long Errors { get; init; }

    public ErrorCounts ErrorsByKind { get; init; } = null!;

    public long Timeouts { get; init; }

    public long Non2xx { get; init; }

    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    public long BytesRead { get; init; }

    public double DurationSeconds { get; init; }

    public GeneratorFigures Generator { get; init; } = null!;

    public ServerFigures? Server { get; init; }

    /// <summary>Left out of the median: more than 2 standard deviations from the median round (see <see cref="RoundSelection"/>).</summary>
    public bool Outlier { get; init; }
}
