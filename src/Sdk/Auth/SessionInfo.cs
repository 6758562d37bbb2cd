namespace Bunbase;

/// <summary>The caller's session.</summary>
/// <param name="Id">The session's id (random; the same across renewals).</param>
/// <param name="SignedInAt">When the user signed in.</param>
/// <param name="IssuedAt">When the current token was issued (a renewal issues a new one).</param>
/// <param name="ExpiresAt">When the current token expires, unless renewed.</param>
public sealed record SessionInfo(string Id, DateTimeOffset SignedInAt, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
