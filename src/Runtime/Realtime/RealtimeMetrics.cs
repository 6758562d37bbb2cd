using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Realtime's series in the application's registry (a registry of its own when metrics are off):
/// connections and subscriptions open, messages written, connections dropped, messages published,
/// and the deepest any connection's queue has been (never above <c>realtime.queueCapacity</c>).
/// </summary>
internal sealed class RealtimeMetrics
{
    private readonly GaugeSeries _sse;
    private readonly GaugeSeries _ws;
    private readonly CounterSeries _sentSse;
    private readonly CounterSeries _sentWs;
    private readonly CounterFamily _dropped;
    private readonly CounterFamily _published;
    private readonly GaugeSeries _queuePeak;
    private long _peak;

    public RealtimeMetrics(RuntimeMetrics? runtime)
    {
        var registry = runtime?.Registry ?? new MetricRegistry();
        var connections = registry.CreateGauge("bunbase_realtime_connections", "Realtime connections open on this instance, by transport (sse, ws).", ["transport"]);
        _sse = connections.WithLabels("sse");
        _ws = connections.WithLabels("ws");
        Subscriptions = registry.CreateGauge("bunbase_realtime_subscriptions", "Channel subscriptions open on this instance.").Unlabelled;
        var sent = registry.CreateCounter("bunbase_realtime_messages_out_total", "Channel messages written to clients, by transport.", ["transport"]);
        _sentSse = sent.WithLabels("sse");
        _sentWs = sent.WithLabels("ws");
        _dropped = registry.CreateCounter("bunbase_realtime_dropped_total", "Realtime connections closed by the server, by reason (overflow: the client read too slowly; stalled; revoked).", ["reason"]);
        _published = registry.CreateCounter("bunbase_realtime_published_total", "Channel messages published from this instance, by source (action, client).", ["source"]);
        _queuePeak = registry.CreateGauge("bunbase_realtime_queue_peak", "The most messages any connection's queue has held.").Unlabelled;
    }

    public GaugeSeries Subscriptions { get; }

    /// <summary>The most messages a connection's queue has held (tests assert the bound).</summary>
    public long QueuePeak => Interlocked.Read(ref _peak);

    public double DroppedCount(string reason) => _dropped.WithLabels(reason).Value;

    public void Opened(string transport) => Connections(transport).Inc();

    public void Closed(string transport) => Connections(transport).Dec();

    public void Sent(string transport) => (transport == "ws" ? _sentWs : _sentSse).Inc();

    public void Dropped(string reason) => _dropped.WithLabels(reason).Inc();

    public void Published(string source) => _published.WithLabels(source).Inc();

    public void ObserveQueue(int depth)
    {
        var peak = Interlocked.Read(ref _peak);
        while (depth > peak)
        {
            if (Interlocked.CompareExchange(ref _peak, depth, peak) == peak)
            {
                _queuePeak.Set(depth);
                return;
            }

            peak = Interlocked.Read(ref _peak);
        }
    }

    private GaugeSeries Connections(string transport) => transport == "ws" ? _ws : _sse;
}
