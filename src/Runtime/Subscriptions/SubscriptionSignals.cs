using System.Collections.Concurrent;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// Wakes idle subscriptions when events may be waiting: a notification from the database, events
/// sequenced in this process, a dead letter put back. A signal that arrives while a subscription is busy
/// is kept, so it reads again as soon as it is free.
/// </summary>
internal sealed class SubscriptionSignals(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WakeSignal> _signals = new(StringComparer.Ordinal);
    private long _retries;

    /// <summary>Counts the times dead letters were put back: a subscription that sees it change looks for them.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public void WakeAll()
    {
        foreach (var signal in _signals.Values)
            signal.Wake();
    }

    /// <summary>Dead letters were put back for a retry: every subscription looks for those of its partitions.</summary>
    public void RetryRequested()
    {
        Interlocked.Increment(ref _retries);
        WakeAll();
    }

    public void Wake(string subscription) => For(subscription).Wake();

    /// <summary>Waits for a wake-up or the timeout (on the clock); true when woken.</summary>
    public Task<bool> WaitAsync(string subscription, TimeSpan timeout, CancellationToken cancellationToken) =>
        For(subscription).WaitAsync(timeout, cancellationToken);

    private WakeSignal For(string subscription) => _signals.GetOrAdd(subscription, static (_, clock) => new WakeSignal(clock), clock);
}
