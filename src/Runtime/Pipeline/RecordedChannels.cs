namespace Bunbase.Runtime.Pipeline;

/// <summary><c>ctx.Channels</c> of an invocation: the realtime server's, noting each message published for the run log.</summary>
internal sealed class RecordedChannels(IChannels channels, ChannelPublishes published) : IChannels
{
    public async Task<long> PublishAsync(string channel, string @event, object? data, CancellationToken cancellationToken = default)
    {
        var id = await channels.PublishAsync(channel, @event, data, cancellationToken).ConfigureAwait(false);
        published.Add(channel, @event, id);
        return id;
    }

    public Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken = default) =>
        channels.MembersAsync(channel, cancellationToken);
}
