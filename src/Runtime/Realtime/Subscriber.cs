namespace Bunbase.Runtime.Realtime;

/// <summary>
/// One connection's subscription to one channel. It passes each message on once, in id order
/// (<see cref="LastId"/>: what it has queued), so a message both resumed from history and received
/// live is sent once. While it catches up from history, live messages wait beside it (as many as
/// the connection's queue holds; more drops the connection like a full queue).
/// </summary>
internal sealed class Subscriber(RealtimeConnection connection, string channel, ChannelRule? rule, long lastId)
{
    private readonly Lock _lock = new();
    private List<RealtimeMessage>? _pending;

    public RealtimeConnection Connection { get; } = connection;

    public string Channel { get; } = channel;

    /// <summary>The rule that admitted it (null for a durable stream, which is not a channel).</summary>
    public ChannelRule? Rule { get; } = rule;

    /// <summary>The id of the last message queued (0: none yet).</summary>
    public long LastId { get; private set; } = lastId;

    /// <summary>The id of the last message written to the client (the SSE cursor).</summary>
    public long SentId { get; set; } = lastId;

    /// <summary>Holds live messages until <see cref="EndCatchUp"/> (call before the hub sees the subscriber).</summary>
    public void BeginCatchUp()
    {
        lock (_lock)
            _pending = [];
    }

    /// <summary>
    /// Queues the history (after a <c>gap</c> notice when it is not complete), then what arrived meanwhile. A
    /// resume id past the channel's latest goes on from the latest.
    /// </summary>
    public void EndCatchUp(HistoryRead history)
    {
        lock (_lock)
        {
            if (!history.Complete)
            {
                Connection.Notify(RealtimeFrames.Gap(Channel, LastId));

                // A cursor past the channel's latest id (another deployment's, a forgotten channel's, made up) would
                // hold back every live message up to it. Ids are numbered in the shared store and Latest is read from
                // it, so every message still to come, whichever instance publishes it, is above Latest.
                if ((history.Latest ?? 0) < LastId)
                    LastId = SentId = history.Latest ?? 0;
            }

            foreach (var message in history.Messages)
                Pass(message);
            foreach (var message in _pending ?? [])
                Pass(message);
            _pending = null;
        }
    }

    /// <summary>
    /// Starts catching up a subscriber the hub already delivers to, after the backplane lost messages (its
    /// connection dropped): live messages wait as in <see cref="BeginCatchUp"/>. False when a catch-up is under way.
    /// </summary>
    public bool TryBeginRecovery()
    {
        lock (_lock)
        {
            if (_pending is not null)
                return false;
            _pending = [];
            return true;
        }
    }

    /// <summary>
    /// Ends <see cref="TryBeginRecovery"/>: queues the kept messages after <see cref="LastId"/>, after a <c>gap</c>
    /// notice when they are not all that came (or <paramref name="kept"/> is null: the history could not be read),
    /// then what arrived meanwhile. A subscriber that has had nothing yet (no cursor) gets no history, but a
    /// <c>gap</c> when the channel has had messages: some may have come after it subscribed.
    /// </summary>
    public void EndRecovery(HistoryRead? kept)
    {
        lock (_lock)
        {
            if (LastId == 0)
            {
                if (kept?.Latest is not null || kept is null)
                    Connection.Notify(RealtimeFrames.Gap(Channel, LastId));
            }
            else
            {
                var history = kept is null ? null : HistoryRead.Of([.. kept.Messages], LastId, kept.Latest);
                if (history?.Complete != true)
                    Connection.Notify(RealtimeFrames.Gap(Channel, LastId));
                foreach (var message in history?.Messages ?? [])
                    Pass(message);
            }

            foreach (var message in _pending ?? [])
                Pass(message);
            _pending = null;
        }
    }

    /// <summary>A message of the channel (from the hub, one at a time in id order).</summary>
    public void Offer(RealtimeMessage message)
    {
        lock (_lock)
        {
            if (_pending is not null)
            {
                _pending.Add(message);
                if (_pending.Count > Connection.QueueCapacity)
                    Connection.Drop(RealtimeFrames.OverflowReason);
                return;
            }

            Pass(message);
        }
    }

    private void Pass(RealtimeMessage message)
    {
        if (message.Id <= LastId)
            return;
        LastId = message.Id;
        Connection.Enqueue(Outgoing.Of(this, message));
    }
}
