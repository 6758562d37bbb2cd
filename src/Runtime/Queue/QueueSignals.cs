using System.Collections.Concurrent;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Wakes idle workers when a job may be due: a notification from the database, a job enqueued in
/// this process, a failed job's retry. A signal that arrives while a worker is busy is kept, so the
/// worker looks again as soon as it is free.
/// </summary>
internal sealed class QueueSignals(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WakeSignal> _signals = new(StringComparer.Ordinal);

    public void Wake(string queue) => For(queue).Wake();

    public void WakeAll()
    {
        foreach (var signal in _signals.Values)
            signal.Wake();
    }

    /// <summary>Waits for a wake-up or the timeout (on the clock); true when woken.</summary>
    public Task<bool> WaitAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        For(queue).WaitAsync(timeout, cancellationToken);

    private WakeSignal For(string queue) => _signals.GetOrAdd(queue, static (_, clock) => new WakeSignal(clock), clock);
}
