using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Events;

/// <summary>
/// In-process signals of the event store: <see cref="WakeSequencer"/> when a publish commits (the
/// sequencer numbers it at once instead of at its next poll), and <see cref="Sequenced"/> for readers
/// that wait for new positions (subscriptions): it completes when a pass here or, through
/// <c>LISTEN bunbase_events</c>, on another instance numbered events, and on the embedded file when a publish commits.
/// </summary>
internal sealed class EventSignals(TimeProvider clock)
{
    private readonly WakeSignal _sequencer = new(clock);
    private TaskCompletionSource _sequenced = NewSignal();
    private long _highest;

    /// <summary>
    /// Completes at the next <see cref="NotifySequenced"/>. Take it <em>before</em> reading, then wait on it,
    /// so a notification between the read and the wait is not missed.
    /// </summary>
    public Task Sequenced => Volatile.Read(ref _sequenced).Task;

    /// <summary>The highest position this process has been told of (0 before any).</summary>
    public long HighestSequenced => Interlocked.Read(ref _highest);

    public void NotifySequenced(long? highest)
    {
        if (highest is { } value)
        {
            var seen = Interlocked.Read(ref _highest);
            while (value > seen && Interlocked.CompareExchange(ref _highest, value, seen) != seen)
                seen = Interlocked.Read(ref _highest);
        }

        Interlocked.Exchange(ref _sequenced, NewSignal()).TrySetResult();
    }

    public void WakeSequencer() => _sequencer.Wake();

    /// <summary>Waits for <see cref="WakeSequencer"/> or the timeout (on the clock); true when woken.</summary>
    public Task<bool> WaitForSequencerWakeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _sequencer.WaitAsync(timeout, cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
