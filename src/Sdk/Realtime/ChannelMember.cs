namespace Bunbase;

/// <summary>One subscription of a presence channel.</summary>
/// <param name="ConnectionId">The subscriber's connection (unique across instances).</param>
/// <param name="UserId">The subscriber's user; null when anonymous.</param>
/// <param name="JoinedAt">When it joined.</param>
public sealed record ChannelMember(string ConnectionId, string? UserId, DateTimeOffset JoinedAt);
