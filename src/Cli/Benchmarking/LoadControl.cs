namespace Bunbase.Cli.Benchmarking;

/// <summary>What the load threads share: the clock, when the run started, and the requests to stop.</summary>
internal sealed class LoadControl(TimeProvider time, long start)
{
    private volatile bool stopped;
    private volatile bool aborted;

    public TimeProvider Time { get; } = time;

    /// <summary>The run's start (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long Start { get; } = start;

    /// <summary>No new requests: the threads wait for what is in flight, then end.</summary>
    public bool Stopped => stopped;

    /// <summary>End now, without waiting for responses.</summary>
    public bool Aborted => aborted;

    public void Stop() => stopped = true;

    public void Abort() => aborted = stopped = true;
}
