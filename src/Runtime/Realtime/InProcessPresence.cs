using System.Collections.Concurrent;

namespace Bunbase.Runtime.Realtime;

/// <summary>Presence on the embedded default: one process, so members live exactly as long as their subscriptions.</summary>
internal sealed class InProcessPresence : IPresenceStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ChannelMember>> _channels = new(StringComparer.Ordinal);

    public Task<bool> JoinAsync(string channel, ChannelMember member, CancellationToken cancellationToken) =>
        Task.FromResult(_channels.GetOrAdd(channel, _ => new(StringComparer.Ordinal)).TryAdd(member.ConnectionId, member));

    public Task<bool> LeaveAsync(string channel, string connectionId, CancellationToken cancellationToken) => Task.FromResult(_channels.TryGetValue(channel, out var members) && members.TryRemove(connectionId, out _));

    public Task<IReadOnlyList<(string Channel, string ConnectionId)>> RenewAsync(IReadOnlyList<(string Channel, string ConnectionId)> members, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string Channel, string ConnectionId)>>([]);

    public Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelMember>>(_channels.TryGetValue(channel, out var members) ? [.. members.Values.OrderBy(m => m.JoinedAt)] : []);

    public Task<IReadOnlyList<(string Channel, ChannelMember Member)>> SweepAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string Channel, ChannelMember Member)>>([]);
}
