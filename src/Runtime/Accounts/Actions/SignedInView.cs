namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>A new session: the cookie is set too; <c>Token</c> is for <c>Authorization: Bearer</c>.</summary>
internal sealed record SignedInView(string Token, DateTimeOffset ExpiresAt, AccountView Account);
