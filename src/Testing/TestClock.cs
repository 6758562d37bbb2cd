using System.Diagnostics;

namespace Bunbase.Testing;

/// <summary>
/// The app's clock in a test: real time from the fixture's start, plus whatever the test has
/// <see cref="Advance">advanced</see> it by. Every part of the runtime reads it (session expiry, cron,
/// job delays and retries, key-value expiry, rate-limit windows), and so do handlers that take
/// <see cref="TimeProvider"/> from their services.
/// </summary>
/// <remarks>
/// Unlike a frozen fake clock, time keeps flowing, so the runtime's own background work (the run
/// log's flush, the queue's polling) goes on as in production; advancing fires at once every timer
/// the jump makes due (a <c>Task.Delay</c> or cron wait on this clock).
/// </remarks>
public sealed class TestClock : TimeProvider
{
    private readonly HashSet<TestClockTimer> _timers = [];
    private readonly Lock _lock = new();
    private long _offsetTicks;

    /// <summary>How far the test has moved the clock ahead of real time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp() + ToTimestamp(Offset);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TestClockTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward; timers that fall due by the new time fire now.</summary>
    /// <param name="by">How far; must not be negative (time never goes back).</param>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        TestClockTimer[] armed;
        lock (_lock)
            armed = [.. _timers];
        foreach (var timer in armed)
            timer.FireIfDue();
    }

    internal static long ToTimestamp(TimeSpan span) => (long)(span.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    internal void Track(TestClockTimer timer, bool armed)
    {
        lock (_lock)
        {
            if (armed)
                _timers.Add(timer);
            else
                _timers.Remove(timer);
        }
    }
}
