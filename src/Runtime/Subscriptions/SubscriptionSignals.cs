using System.Collections.Concurrent;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// Wakes idle subscriptions when events may be waiting: a notification from the database, events
/// sequenced in this process, a dead letter put back. A signal that arrives while a subscription is busy
/// is kept, so it reads again as soon as it is free.
/// </summary>
internal sealed class SubscriptionSignals(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);
    private long _retries;

    /// <summary>Counts the times dead letters were put back: a subscription that sees it change looks for them.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public void WakeAll()
    {
        foreach (var signal in _signals.Values)
            Wake(signal);
    }

    /// <summary>Dead letters were put back for a retry: every subscription looks for those of its partitions.</summary>
    public void RetryRequested()
    {
        Interlocked.Increment(ref _retries);
        WakeAll();
    }

    public void Wake(string subscription) => Wake(For(subscription));

    /// <summary>Waits for a wake-up or the timeout (on the clock); true when woken.</summary>
    public async Task<bool> WaitAsync(string subscription, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = For(subscription);
        if (signal.Wait(0, CancellationToken.None))
            return true;
        using var timer = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await signal.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void Wake(SemaphoreSlim signal)
    {
        if (signal.CurrentCount > 0)
            return;
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread woke it first.
        }
    }

    private SemaphoreSlim For(string subscription) => _signals.GetOrAdd(subscription, _ => new SemaphoreSlim(0, 1));
}
