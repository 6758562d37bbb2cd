namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>
/// A new session: the cookie is set too; <c>Token</c> is for <c>Authorization: Bearer</c>. For an account with a second
/// factor, the password (or provider) step gives no session: only <c>MfaRequired</c> and <c>MfaToken</c>, to post with a
/// code to <c>/_accounts/sign-in/mfa</c>.
/// </summary>
internal sealed record SignedInView(string? Token, DateTimeOffset? ExpiresAt, AccountView? Account, bool MfaRequired = false, string? MfaToken = null);
