namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Wakes a loop that sleeps between polls (a queue's dispatcher, the event sequencer, a subscription):
/// <see cref="Wake"/> ends one wait, or is kept (at most one) for the next wait when none is waiting.
/// </summary>
/// <remarks>
/// A wait that times out returns false and throws nothing. An idle loop times out every poll interval:
/// <see cref="SemaphoreSlim.WaitAsync(CancellationToken)"/> with a timeout token threw two exceptions
/// each time, which showed as a steady exception rate in an idle process's <c>dotnet.exceptions</c>.
/// The timeout runs on the given clock, so tests can move it.
/// </remarks>
internal sealed class WakeSignal(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiters = new();
    private bool _kept;

    /// <summary>Whether a wake-up is kept for the next wait.</summary>
    public bool IsSet => Volatile.Read(ref _kept);

    public void Wake()
    {
        // Already kept: no wait is waiting (a wait takes a kept wake-up before it would wait), and one is enough.
        if (Volatile.Read(ref _kept))
            return;
        lock (_gate)
        {
            // A waiter whose timeout or cancellation came first no longer takes a wake-up: the next one does.
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult(true))
                    return;
            }

            Volatile.Write(ref _kept, true);
        }
    }

    /// <summary>True when woken (or a wake-up was kept), false at the timeout; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<bool> waiter;
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_gate)
        {
            if (_kept)
            {
                _kept = false;
                return true;
            }

            if (timeout == TimeSpan.Zero)
                return false;
            // Continuations run on the pool, never inline in Wake's lock or the timer's callback.
            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        var woken = false;
        try
        {
            using var timer = timeout == Timeout.InfiniteTimeSpan
                ? null
                : clock.CreateTimer(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), waiter, timeout, Timeout.InfiniteTimeSpan);
            using var cancelled = cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), waiter);
            woken = await waiter.Task.ConfigureAwait(false);
        }
        finally
        {
            if (!woken)
            {
                lock (_gate)
                {
                    if (node.List is not null)
                        _waiters.Remove(node);
                }
            }
        }

        if (!woken)
            cancellationToken.ThrowIfCancellationRequested();
        return woken;
    }
}
