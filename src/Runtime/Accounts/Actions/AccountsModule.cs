namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>
/// The actions of the accounts module, served under <c>/_accounts</c> when <c>accounts.enabled</c> (named
/// <c>accounts.*</c>, tagged <c>accounts</c> in the OpenAPI document). They run in the one pipeline like an
/// app's own actions: guards, rate limits, the run log, <c>ctx.Db</c> and <c>ctx.Mail</c> in one transaction.
/// Anonymous actions say so (<c>[AllowAnonymous]</c>); the others run as the caller, and <see cref="ApiKeyAccess"/>
/// decides what an API key may do among them.
/// </summary>
[Guard<ApiKeyAccess>]
[Module("accounts", Prefix = "/_accounts", Tag = "accounts-module", Description = "The runtime's accounts module: sign-up, sign-in, email verification, password reset, sessions and API keys")]
internal static partial class AccountsModule
{
    /// <summary>The action types, for discovery.</summary>
    public static IEnumerable<Type> Types =>
        typeof(AccountsModule).GetNestedTypes(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Append(typeof(AccountsModule));
}
