namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Lets one caller through at most once per interval (a warning logged once per
/// <c>rateLimit.failureLogIntervalMs</c> however often the failure repeats); the first call always passes.
/// </summary>
/// <remarks>
/// It keeps the earliest time the next caller may pass, not the last time one did: compared, never
/// subtracted, so no starting value can overflow (a "last time" of <see cref="long.MinValue"/> made
/// <c>now - last</c> wrap negative and silenced every warning).
/// </remarks>
internal sealed class OncePerInterval(TimeSpan interval, TimeProvider clock)
{
    private readonly long _intervalTicks = interval.Ticks;
    private long _next = long.MinValue;

    /// <summary>Whether this caller is the one let through now.</summary>
    public bool TryEnter()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _next);
        return now >= next && Interlocked.CompareExchange(ref _next, now + _intervalTicks, next) == next;
    }
}
