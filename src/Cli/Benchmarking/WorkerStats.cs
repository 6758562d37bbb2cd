using HdrHistogram;

namespace Bunbase.Cli.Benchmarking;

/// <summary>One load thread's counts and latency histograms; merged when the load ends.</summary>
internal sealed class WorkerStats
{
    /// <summary>Latencies are recorded in microseconds, up to an hour.</summary>
    public const long HighestLatencyMicros = 3_600_000_000;

    public long Sent;
    public long Responses;
    public long Non2xx;
    public long ConnectErrors;
    public long ReadErrors;
    public long WriteErrors;
    public long ProtocolErrors;
    public long Timeouts;
    public long BytesRead;
    public long Connects;

    /// <summary>Responses by status code (index = code, 0..599).</summary>
    public long[] StatusCodes { get; } = new long[600];

    /// <summary>Latency as the mode defines it: from the send (closed loop) or from the intended send time (constant rate).</summary>
    public LongHistogram Latency { get; } = NewHistogram();

    /// <summary>In constant-rate mode, latency from the actual send (what a closed-loop tool would report).</summary>
    public LongHistogram UncorrectedLatency { get; } = NewHistogram();

    public long Errors => ConnectErrors + ReadErrors + WriteErrors + ProtocolErrors;

    public static LongHistogram NewHistogram() => new(HighestLatencyMicros, 3);

    public void Add(WorkerStats other)
    {
        Sent += other.Sent;
        Responses += other.Responses;
        Non2xx += other.Non2xx;
        ConnectErrors += other.ConnectErrors;
        ReadErrors += other.ReadErrors;
        WriteErrors += other.WriteErrors;
        ProtocolErrors += other.ProtocolErrors;
        Timeouts += other.Timeouts;
        BytesRead += other.BytesRead;
        Connects += other.Connects;
        for (var i = 0; i < StatusCodes.Length; i++)
            StatusCodes[i] += other.StatusCodes[i];
        Latency.Add(other.Latency);
        UncorrectedLatency.Add(other.UncorrectedLatency);
    }
}
