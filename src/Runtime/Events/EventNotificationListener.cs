using System.Globalization;
using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Turns sequencer passes of any instance (<c>bunbase_events</c>: readers waiting on
/// <see cref="EventSignals.Sequenced"/> look at once) and requests to sequence
/// (<c>bunbase_events_published</c>) into signals. The sequencer and readers poll anyway; after a
/// reconnection both are signalled, since notifications sent meanwhile were lost.
/// </summary>
internal sealed class EventNotificationListener(EventSignals signals) : INotificationHandler
{
    public IReadOnlyList<string> Channels { get; } = [SqlEventStore.SequencedChannel, SqlEventStore.PublishedChannel];

    public string Pollers => "event readers";

    public void OnNotification(string channel, string payload)
    {
        if (channel == SqlEventStore.PublishedChannel)
            signals.WakeSequencer();
        else
            signals.NotifySequenced(long.TryParse(payload, CultureInfo.InvariantCulture, out var highest) ? highest : null);
    }

    public void OnListening()
    {
        signals.WakeSequencer();
        signals.NotifySequenced(null);
    }
}
