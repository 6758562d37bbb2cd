namespace Bunbase.Runtime.Queue;

/// <summary>
/// How many jobs a queue's dispatcher may claim: the idle workers plus a prefetch sized from how
/// long this queue's jobs take. Only as many jobs as will start within about
/// <see cref="PrefetchWaitMs"/> are claimed ahead, and none while a worker has been on one job
/// longer than that (the average says little in a queue that mixes short and long jobs). Short
/// jobs are then claimed in full batches (one round trip for many jobs), while long ones are never
/// hoarded by a busy instance when another could start them, and a job claimed ahead overtakes a
/// later, higher-priority one only within that short wait.
/// </summary>
internal sealed class ClaimAhead(int workers, int batchSize, TimeProvider clock)
{
    /// <summary>How long a claimed job should wait in this process for a worker, at most (by the running average).</summary>
    public const double PrefetchWaitMs = 50;

    private readonly long[] _busySince = new long[workers];
    private double _averageMs = double.NaN;

    /// <summary>The running average duration of this queue's jobs; NaN until one finished.</summary>
    public double AverageMs => Volatile.Read(ref _averageMs);

    /// <summary>How many jobs to claim now, with <paramref name="outstanding"/> claimed here and not finished; 0 or less for none.</summary>
    public int Room(int outstanding) => Math.Min(batchSize, workers + Prefetch() - outstanding);

    /// <summary>Worker <paramref name="worker"/> started a job; returns the start's timestamp, for <see cref="Finished"/>.</summary>
    public long Started(int worker)
    {
        var now = clock.GetTimestamp();
        Volatile.Write(ref _busySince[worker], now);
        return now;
    }

    /// <summary>Worker <paramref name="worker"/> finished the job it started at <paramref name="started"/>; returns how long it took.</summary>
    public TimeSpan Finished(int worker, long started)
    {
        var elapsed = clock.GetElapsedTime(started);
        Volatile.Write(ref _busySince[worker], 0);
        var average = Volatile.Read(ref _averageMs);
        var ms = elapsed.TotalMilliseconds;
        Volatile.Write(ref _averageMs, double.IsNaN(average) ? ms : (0.8 * average) + (0.2 * ms)); // a racy update only blurs an estimate
        return elapsed;
    }

    /// <summary>
    /// Jobs to claim ahead of idle workers: as many as start within <see cref="PrefetchWaitMs"/> at the
    /// running average duration; none until an average is known, and none while a worker is on a long job.
    /// </summary>
    private int Prefetch()
    {
        var average = Volatile.Read(ref _averageMs);
        if (double.IsNaN(average))
            return 0;
        var now = clock.GetTimestamp();
        foreach (ref readonly var since in _busySince.AsSpan())
        {
            var started = Volatile.Read(in since);
            if (started != 0 && clock.GetElapsedTime(started, now).TotalMilliseconds > PrefetchWaitMs)
                return 0;
        }

        return (int)Math.Min(batchSize, workers * PrefetchWaitMs / Math.Max(average, 0.01));
    }
}
