using System.Globalization;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Events;

/// <summary>
/// LISTENs on PostgreSQL for sequencer passes of any instance (<c>bunbase_events</c>: readers waiting
/// on <see cref="EventSignals.Sequenced"/> look at once) and for requests to sequence
/// (<c>bunbase_events_published</c>). The sequencer and readers poll anyway; after a reconnection both
/// are signalled, since notifications sent meanwhile were lost.
/// </summary>
internal sealed class EventNotificationListener(BunbaseOptions options, EventSignals signals, TimeProvider clock, ILogger<EventNotificationListener> logger)
    : NotificationListener(options, clock, logger)
{
    protected override IReadOnlyList<string> Channels { get; } = [SqlEventStore.SequencedChannel, SqlEventStore.PublishedChannel];

    protected override string ConnectionName => "event listener";

    protected override string Subject => "Event";

    protected override string Pollers => "readers";

    protected override void OnNotification(string channel, string payload)
    {
        if (channel == SqlEventStore.PublishedChannel)
            signals.WakeSequencer();
        else
            signals.NotifySequenced(long.TryParse(payload, CultureInfo.InvariantCulture, out var highest) ? highest : null);
    }

    protected override void OnListening()
    {
        signals.WakeSequencer();
        signals.NotifySequenced(null);
    }
}
