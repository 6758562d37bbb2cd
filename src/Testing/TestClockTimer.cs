namespace Bunbase.Testing;

/// <summary>
/// A timer on <see cref="TestClock"/>: a real timer for time that flows, fired early when the clock
/// is advanced past its due time. It fires at most once per due time, whichever comes first.
/// </summary>
internal sealed class TestClockTimer : ITimer
{
    private readonly TestClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ITimer _real;
    private readonly Lock _lock = new();
    private long _dueAt = long.MaxValue;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public TestClockTimer(TestClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        _real = TimeProvider.System.CreateTimer(static t => ((TestClockTimer)t!).FireIfDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_disposed)
                return false;
            _period = period;
            Arm(dueTime);
            return true;
        }
    }

    /// <summary>Runs the callback when the clock has reached the due time (real time passed, or the clock was advanced).</summary>
    public void FireIfDue()
    {
        lock (_lock)
        {
            if (_disposed || _dueAt == long.MaxValue)
                return;
            var now = _clock.GetTimestamp();
            if (now < _dueAt)
            {
                // The real timer fired a little early: wait for the rest.
                _real.Change(_clock.GetElapsedTime(now, _dueAt), Timeout.InfiniteTimeSpan);
                return;
            }

            Arm(_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _period);
        }

        _callback(_state);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _dueAt = long.MaxValue;
        }

        _clock.Track(this, armed: false);
        _real.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Arm(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            _dueAt = long.MaxValue;
            _real.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _clock.Track(this, armed: false);
            return;
        }

        _dueAt = _clock.GetTimestamp() + TestClock.ToTimestamp(dueTime);
        _clock.Track(this, armed: true);
        _real.Change(dueTime, Timeout.InfiniteTimeSpan);
    }
}
