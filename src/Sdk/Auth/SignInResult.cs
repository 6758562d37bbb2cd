namespace Bunbase;

/// <summary>A new session.</summary>
/// <param name="Token">The session token, for clients that send <c>Authorization: Bearer</c> (browsers use the cookie).</param>
/// <param name="Session">The session.</param>
public sealed record SignInResult(string Token, SessionInfo Session);
