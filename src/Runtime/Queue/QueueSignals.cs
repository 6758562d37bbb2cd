using System.Collections.Concurrent;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Wakes idle workers when a job may be due: a notification from the database, a job enqueued in
/// this process, a failed job's retry. A signal that arrives while a worker is busy is kept, so the
/// worker looks again as soon as it is free.
/// </summary>
internal sealed class QueueSignals(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Wake(string queue)
    {
        var signal = For(queue);
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread woke it first.
            }
        }
    }

    public void WakeAll()
    {
        foreach (var queue in _signals.Keys)
            Wake(queue);
    }

    /// <summary>Waits for a wake-up or the timeout (on the clock); true when woken.</summary>
    public async Task<bool> WaitAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = For(queue);
        if (signal.Wait(0, CancellationToken.None))
            return true;
        if (timeout == Timeout.InfiniteTimeSpan)
            return await signal.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
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

    private SemaphoreSlim For(string queue) => _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1));
}
