using System.Globalization;
using Bunbase.Runtime.Configuration;
using StackExchange.Redis;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// The backplane when <c>redis.url</c> is set. One script numbers a message (<c>INCR</c> of the
/// channel's counter, started from the server's clock in milliseconds times 1,000 when the counter is
/// new or expired), keeps it in the channel's capped list and <c>PUBLISH</c>es it on the app's one
/// realtime channel, atomically, so ids reach every instance in order. Every instance receives every
/// message (one subscription, not one per channel) and delivers to its own subscribers; messages
/// are handled one at a time, in order (a <see cref="ChannelMessageQueue"/>).
/// </summary>
internal sealed class RedisBackplane(IConnectionMultiplexer redis, BunbaseOptions options) : IChannelBackplane
{
    private static readonly LuaScript Publish = LuaScript.Prepare("""
        if redis.call('EXISTS', @counter) == 0 then
            local now = redis.call('TIME')
            redis.call('SET', @counter, string.format('%.0f', tonumber(now[1]) * 1000000 + math.floor(tonumber(now[2]) / 1000) * 1000))
        end
        local id = redis.call('INCR', @counter)
        redis.call('EXPIRE', @counter, @ttl)
        local wire = @channel .. '\n' .. string.format('%.0f', id) .. '\n' .. @rest
        if tonumber(@keep) > 0 then
            redis.call('LPUSH', @history, wire)
            redis.call('LTRIM', @history, 0, tonumber(@keep) - 1)
            redis.call('EXPIRE', @history, @ttl)
        end
        redis.call('PUBLISH', @topic, wire)
        return id
        """);

    private readonly string _prefix = options.Name + ":rt:";
    private readonly RedisChannel _topic = RedisChannel.Literal(options.Name + ":rt");
    private readonly int _keep = options.Realtime.HistorySize;
    private readonly int _ttl = options.Realtime.HistorySeconds;

    public string Name => "Redis pub/sub";

    /// <remarks>
    /// Never fails start-up: while Redis does not answer, the subscription is retried every second in the
    /// background (Redis being down must not stop an instance); once made, the client restores it after a reconnection.
    /// </remarks>
    public async Task StartAsync(ChannelHub hub, CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription && hub.ChannelCount > 0)
                _ = RecoverAsync(hub);
        };
        if (!await TrySubscribeAsync(hub).ConfigureAwait(false))
            _ = RetryAsync(hub);
    }

    /// <summary>
    /// The subscription's connection is back: messages published meanwhile (Redis restarted, the connection was
    /// cut while other instances could still publish) reached no one here, so the subscribers catch up from the
    /// history. The ping, on the subscription's connection, waits until the client has subscribed again.
    /// </summary>
    private async Task RecoverAsync(ChannelHub hub)
    {
        try
        {
            await redis.GetSubscriber().PingAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (RealtimeUnavailableException.IsRedisOutage(ex) || ex is RedisException)
        {
            // Gone again: the history read below fails too, and the subscribers get their gap.
        }

        await hub.RecoverAsync(this, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task RetryAsync(ChannelHub hub)
    {
        while (!await TrySubscribeAsync(hub).ConfigureAwait(false))
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    }

    /// <summary>True when subscribed (or the connection is gone for good: nothing to retry).</summary>
    private async Task<bool> TrySubscribeAsync(ChannelHub hub)
    {
        try
        {
            var queue = await redis.GetSubscriber().SubscribeAsync(_topic).ConfigureAwait(false);
            queue.OnMessage(message =>
            {
                if (RealtimeMessage.FromWire((string)message.Message!) is { } parsed)
                    hub.Deliver(parsed);
            });
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    public Task<long> PublishAsync(string channel, string @event, string data, CancellationToken cancellationToken) =>
        RealtimeUnavailableException.OnRedisAsync(PublishOnceAsync(channel, @event, data, cancellationToken));

    private async Task<long> PublishOnceAsync(string channel, string @event, string data, CancellationToken cancellationToken)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Publish, new
        {
            counter = (RedisKey)(_prefix + channel + ":id"),
            history = (RedisKey)(_prefix + channel + ":h"),
            channel,
            rest = @event + "\n" + data,
            keep = _keep,
            ttl = _ttl,
            topic = (RedisKey)(options.Name + ":rt"),
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async Task<HistoryRead> ReadAfterAsync(string channel, long afterId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var kept = db.ListRangeAsync(_prefix + channel + ":h");
        var latest = db.StringGetAsync(_prefix + channel + ":id");
        await RealtimeUnavailableException.OnRedisAsync(Task.WhenAll(kept, latest).WaitAsync(cancellationToken)).ConfigureAwait(false);

        var messages = new List<RealtimeMessage>();
        foreach (var value in kept.Result)
        {
            if (RealtimeMessage.FromWire((string)value!) is { } message)
                messages.Add(message);
        }

        var last = latest.Result.HasValue && long.TryParse((string)latest.Result!, NumberStyles.None, CultureInfo.InvariantCulture, out var value2) ? value2 : (long?)null;
        return HistoryRead.Of(messages, afterId, last);
    }
}
