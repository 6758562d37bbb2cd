namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// A scenario's result: the median round's figures at the top level (the fields of the seed's
/// results, so tools reading those keep working), every round, and totals over all rounds.
/// </summary>
internal sealed record ScenarioResult
{
    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary><c>closed-loop</c> or <c>constant-rate</c>: which mode produced the latency figures.</summary>
    public string Mode { get; init; } = "closed-loop";

    /// <summary>Constant-rate mode: the requested req/s.</summary>
    public double? Rate { get; init; }

    public double Throughput { get; init; }

    public LatencySummary Latency { get; init; } = null!;

    public LatencySummary? UncorrectedLatency { get; init; }

    /// <summary>Closed-loop mode only: the latency corrected as wrk corrects its own (comparable with wrk's figures).</summary>
    public LatencySummary? WrkLatency { get; init; }

    public long Requests { get; init; }

    public long Sent { get; init; }

    public long Errors { get; init; }

    public ErrorCounts? ErrorsByKind { get; init; }

    public long Timeouts { get; init; }

    public long Non2xx { get; init; }

    public IReadOnlyDictionary<string, long>? StatusCodes { get; init; }

    public long BytesRead { get; init; }

    public double DurationSeconds { get; init; }

    public GeneratorFigures? Generator { get; init; }

    public ServerFigures? Server { get; init; }

    /// <summary>1-based number of the round reported at the top level.</summary>
    public int MedianRound { get; init; }

    /// <summary>1-based numbers of the rounds left out as outliers.</summary>
    public IReadOnlyList<int> OutlierRounds { get; init; } = [];

    public IReadOnlyList<RoundResult> Rounds { get; init; } = [];

    /// <summary>Over every round, outliers included: what compare's "new errors" rule reads.</summary>
    public ScenarioTotals? Totals { get; init; }
}
