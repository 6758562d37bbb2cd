using System.Collections.Concurrent;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// This instance's subscribers by channel. <see cref="Deliver"/> is called by the backplane for every
/// message of every instance, one at a time per channel in id order; it offers the message to each
/// local subscriber's bounded queue and never waits for a client. Subscriber lists are copied on
/// change, so delivering takes no lock.
/// </summary>
internal sealed class ChannelHub(RealtimeMetrics metrics)
{
    private readonly ConcurrentDictionary<string, Subscriber[]> _channels = new(StringComparer.Ordinal);
    private readonly Lock _change = new();

    /// <summary>How many channels have local subscribers.</summary>
    public int ChannelCount => _channels.Count;

    public void Deliver(RealtimeMessage message)
    {
        if (!_channels.TryGetValue(message.Channel, out var subscribers))
            return;
        foreach (var subscriber in subscribers)
            subscriber.Offer(message);
    }

    /// <summary>
    /// After the backplane's connection was lost and is back (messages published meanwhile never reached this
    /// instance): catches every local subscriber up from its channel's history, one read per channel, so a
    /// connected client misses nothing still kept and is told (<c>gap</c>) when it may have missed more.
    /// Never throws: a channel whose history cannot be read gets the <c>gap</c>.
    /// </summary>
    public async Task RecoverAsync(IChannelBackplane backplane, CancellationToken cancellationToken)
    {
        foreach (var (channel, subscribers) in _channels)
        {
            var recovering = subscribers.Where(s => s.TryBeginRecovery()).ToArray();
            if (recovering.Length == 0)
                continue;
            HistoryRead? kept = null;
            try
            {
                var after = recovering.Where(s => s.LastId > 0).Select(s => s.LastId).DefaultIfEmpty(long.MaxValue).Min();
                kept = await backplane.ReadAfterAsync(channel, after == long.MaxValue ? 0 : after, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever the store says, the subscribers must leave catching up: they get the gap.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            foreach (var subscriber in recovering)
                subscriber.EndRecovery(kept);
        }
    }

    public void Add(Subscriber subscriber)
    {
        lock (_change)
            _channels[subscriber.Channel] = _channels.TryGetValue(subscriber.Channel, out var current) ? [.. current, subscriber] : [subscriber];
        metrics.Subscriptions.Inc();
    }

    public void Remove(Subscriber subscriber)
    {
        lock (_change)
        {
            if (!_channels.TryGetValue(subscriber.Channel, out var current) || Array.IndexOf(current, subscriber) < 0)
                return;
            if (current.Length == 1)
                _channels.TryRemove(subscriber.Channel, out _);
            else
                _channels[subscriber.Channel] = [.. current.Where(s => s != subscriber)];
        }

        metrics.Subscriptions.Dec();
    }
}
