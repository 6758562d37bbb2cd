using System.Collections.Concurrent;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// The embedded default's backplane: one process, so a publish is numbered and delivered under its
/// channel's lock (ids reach subscribers in order) and its history is kept in memory. A channel idle
/// for <c>realtime.historySeconds</c> is forgotten; its next id starts from the clock (milliseconds
/// times 1,000), above any id it gave before, also across restarts.
/// </summary>
internal sealed class InProcessBackplane(BunbaseOptions options, TimeProvider clock) : IChannelBackplane
{
    private readonly ConcurrentDictionary<string, ChannelLog> _channels = new(StringComparer.Ordinal);
    private readonly int _keep = options.Realtime.HistorySize;
    private readonly long _idleTicks = TimeSpan.FromSeconds(options.Realtime.HistorySeconds).Ticks;
    private ChannelHub? _hub;
    private long _sweptAt;

    public string Name => "in-process";

    public Task StartAsync(ChannelHub hub, CancellationToken cancellationToken)
    {
        _hub = hub;
        return Task.CompletedTask;
    }

    public Task<long> PublishAsync(string channel, string @event, string data, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Sweep(now.UtcTicks);
        while (true)
        {
            var log = _channels.GetOrAdd(channel, static (_, at) => new ChannelLog(at.ToUnixTimeMilliseconds() * 1_000), now);
            lock (log)
            {
                if (log.Forgotten)
                    continue;
                var message = new RealtimeMessage(channel, ++log.Latest, @event, data);
                log.TouchedTicks = now.UtcTicks;
                if (_keep > 0)
                {
                    log.Kept.Enqueue(message);
                    while (log.Kept.Count > _keep)
                        log.Kept.Dequeue();
                }

                _hub?.Deliver(message);
                return Task.FromResult(message.Id);
            }
        }
    }

    public Task<HistoryRead> ReadAfterAsync(string channel, long afterId, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(channel, out var log))
            return Task.FromResult(new HistoryRead([], Complete: false, Latest: null));
        lock (log)
            return Task.FromResult(HistoryRead.Of([.. log.Kept], afterId, log.Latest));
    }

    /// <summary>Forgets idle channels, at most once a second (on a publish: nothing else runs here).</summary>
    private void Sweep(long nowTicks)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (nowTicks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref _sweptAt, nowTicks, last) != last)
            return;
        foreach (var (name, log) in _channels)
        {
            lock (log)
            {
                if (nowTicks - log.TouchedTicks <= _idleTicks)
                    continue;
                log.Forgotten = true;
                _channels.TryRemove(new KeyValuePair<string, ChannelLog>(name, log));
            }
        }
    }

    private sealed class ChannelLog(long start)
    {
        public long Latest = start;
        public long TouchedTicks;
        public bool Forgotten;
        public readonly Queue<RealtimeMessage> Kept = new();
    }
}
