namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>One signed-in session of the caller's account ("a device").</summary>
/// <param name="Id">The session's id.</param>
/// <param name="SignedInAt">When it signed in.</param>
/// <param name="ExpiresAt">When it ends at the latest (<c>auth.absoluteExpiresIn</c> after sign-in).</param>
/// <param name="UserAgent">The <c>User-Agent</c> it signed in with.</param>
/// <param name="Current">Whether it is the session of this request.</param>
internal sealed record SessionView(string Id, DateTimeOffset SignedInAt, DateTimeOffset ExpiresAt, string? UserAgent, bool Current);
