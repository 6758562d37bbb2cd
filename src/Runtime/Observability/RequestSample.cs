namespace Bunbase.Runtime.Observability;

/// <summary>
/// The requests of one interval of <see cref="RequestHistory"/>: how many, how many answered 5xx, and latency
/// percentiles in milliseconds (upper bounds of the log-scale bucket each falls in; 0 when there were none).
/// </summary>
internal sealed record RequestSample(DateTimeOffset At, long Requests, long Errors, double P50Ms, double P95Ms, double P99Ms, double IntervalSeconds)
{
    /// <summary>Requests per second over the interval.</summary>
    public double Rate => IntervalSeconds > 0 ? Requests / IntervalSeconds : 0;

    /// <summary>The share of requests answered 5xx, 0 to 1.</summary>
    public double ErrorRate => Requests > 0 ? (double)Errors / Requests : 0;
}
