namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Carries channel messages between instances and keeps each channel's recent ones for resuming:
/// Redis pub/sub when <c>redis.url</c> is set, PostgreSQL <c>NOTIFY</c> otherwise, in-process on the
/// embedded default. Every message published (here or on another instance) reaches
/// <see cref="ChannelHub.Deliver"/> of every instance, in id order per channel.
/// </summary>
internal interface IChannelBackplane
{
    /// <summary>For the start-up summary: "Redis pub/sub".</summary>
    string Name { get; }

    /// <summary>Numbers the message, keeps it in the channel's history and sends it to every instance.</summary>
    Task<long> PublishAsync(string channel, string @event, string data, CancellationToken cancellationToken);

    /// <summary>The kept messages of <paramref name="channel"/> after <paramref name="afterId"/>.</summary>
    Task<HistoryRead> ReadAfterAsync(string channel, long afterId, CancellationToken cancellationToken);

    /// <summary>Starts receiving: from now on every instance's messages go to <paramref name="hub"/>.</summary>
    Task StartAsync(ChannelHub hub, CancellationToken cancellationToken);
}
