namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>The real clock moved forward on demand: expiries can be passed while timers (the queue's polling) keep running in real time.</summary>
public sealed class ShiftedTime : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
