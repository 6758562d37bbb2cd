namespace Bunbase.Runtime.Foundation;

/// <summary>
/// A shutdown grace counted from when shutdown began (the first phase, <c>StoppingAsync</c>), not from when a
/// service's own stop is called: the host stops services one after another, so graces counted from each stop
/// would add up (the HTTP drain, then the queue's, then the subscriptions') past <c>shutdownTimeoutMs</c>.
/// </summary>
internal sealed class ShutdownClock(TimeProvider clock)
{
    private long _began;

    /// <summary>Notes that shutdown began, once (later calls keep the first time).</summary>
    public void Begin() => Interlocked.CompareExchange(ref _began, clock.GetTimestamp(), 0);

    /// <summary>What is left of a grace of <paramref name="graceMs"/>; all of it when shutdown was not noted as begun (a stop without its first phase).</summary>
    public TimeSpan Left(int graceMs)
    {
        var began = Interlocked.Read(ref _began);
        var grace = TimeSpan.FromMilliseconds(graceMs);
        if (began == 0)
            return grace;
        var left = grace - clock.GetElapsedTime(began);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
