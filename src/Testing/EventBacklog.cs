using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Subscriptions;

namespace Bunbase.Testing;

/// <summary>
/// Events as a backlog: committed events not numbered yet (PostgreSQL; the kit runs the sequencer's pass
/// itself rather than wait for its wake-up), and subscriptions of the app that have not handled (or
/// dead-lettered) every event up to the store's head. A handler's retries wait their backoff on the clock.
/// </summary>
internal sealed class EventBacklog(IEventStore events, EventSignals sequenced, SubscriptionStore store, SubscriptionSignals signals, SubscriptionWorkers? workers, BunbaseOptions options) : IBackgroundBacklog
{
    private string? _pending;

    public async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        if (!await EventSequencer.SequenceCommittedAsync(events, sequenced, options.Events.SequencerBatchSize, cancellationToken).ConfigureAwait(false))
        {
            _pending = "events: another sequencer pass held the lock; committed events may not be numbered yet";
            return 1;
        }

        if (workers is null)
        {
            _pending = null;
            return 0;
        }

        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        signals.WakeAll();
        var behind = new List<string>();
        foreach (var consumer in workers.Consumers)
        {
            foreach (var (partition, position) in consumer.Behind(head))
            {
                behind.Add(position is { } at
                    ? $"subscription '{consumer.Name}' partition {partition} at position {at} of head {head}"
                    : $"subscription '{consumer.Name}' partition {partition} not held by this app (head {head})");
            }
        }

        _pending = behind.Count == 0 ? null : string.Join("; ", behind.Take(5)) + (behind.Count > 5 ? $"; and {behind.Count - 5} more partition(s)" : "");
        return behind.Count;
    }

    public string? Describe() => _pending;
}
