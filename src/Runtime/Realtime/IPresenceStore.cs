namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Who is subscribed to the presence channels, across instances: Redis or PostgreSQL (entries carry
/// an expiry each instance renews every third of <c>realtime.presenceTtlMs</c>, so a dead instance's
/// members expire), or memory on the embedded default.
/// </summary>
internal interface IPresenceStore
{
    /// <summary>Adds the member; false when it was there already.</summary>
    Task<bool> JoinAsync(string channel, ChannelMember member, CancellationToken cancellationToken);

    /// <summary>Removes the member; false when it was gone already (expired and swept by someone else).</summary>
    Task<bool> LeaveAsync(string channel, string connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the expiry of this instance's members; returns those it did not find (swept while this instance
    /// stalled, or lost with the store's data): their connections are still open, so they join again.
    /// </summary>
    Task<IReadOnlyList<(string Channel, string ConnectionId)>> RenewAsync(IReadOnlyList<(string Channel, string ConnectionId)> members, CancellationToken cancellationToken);

    /// <summary>The members that have not expired.</summary>
    Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken);

    /// <summary>Removes expired members and returns those this call removed (whoever removes one announces its leave, once).</summary>
    Task<IReadOnlyList<(string Channel, ChannelMember Member)>> SweepAsync(CancellationToken cancellationToken);
}
