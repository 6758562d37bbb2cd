namespace Bunbase.Runtime.Accounts.Oidc;

/// <summary>What a sign-in started with, kept under its <c>state</c> for 10 minutes and taken once by the callback.</summary>
/// <param name="Provider">The provider it was started with.</param>
/// <param name="BindingHash">SHA-256 of the browser-binding cookie's value: the callback must come from the same browser.</param>
/// <param name="Nonce">The nonce the id_token must carry.</param>
/// <param name="Verifier">The PKCE code verifier.</param>
internal sealed record OAuthState(string Provider, string BindingHash, string Nonce, string Verifier);
