namespace Bunbase.Runtime.Realtime;

/// <summary><c>ctx.Channels</c> of one invocation: the realtime server, with the invocation's token by default.</summary>
internal sealed class InvocationChannels(RealtimeServer server, CancellationToken invocation) : IChannels
{
    public Task<long> PublishAsync(string channel, string @event, object? data, CancellationToken cancellationToken = default) =>
        server.PublishAsync(channel, @event, data, cancellationToken.CanBeCanceled ? cancellationToken : invocation);

    public Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken = default)
    {
        if (ChannelNames.ChannelProblem(channel) is { } problem)
            throw new InvalidChannelMessageException(problem, nameof(channel));
        return server.Presence.MembersAsync(channel, cancellationToken.CanBeCanceled ? cancellationToken : invocation);
    }
}
