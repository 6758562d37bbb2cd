namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Raises the thread pool's minimum, so the pool adds threads at once when some are blocked instead of
/// one about every half second (its starvation rule). The minimum only permits threads; none are made
/// until work waits for one.
/// </summary>
internal static class ThreadReserve
{
    /// <summary>Threads the pool may start at once, per core.</summary>
    private const int WorkersPerCore = 16;

    public static void Ensure()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Environment.ProcessorCount * WorkersPerCore;
        if (workers < wanted)
            ThreadPool.SetMinThreads(wanted, io);
    }
}
