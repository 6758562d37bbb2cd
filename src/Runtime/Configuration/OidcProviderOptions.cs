namespace Bunbase.Runtime.Configuration;

/// <summary>An OpenID Connect provider the accounts module signs in with (<c>accounts.oidc[]</c>).</summary>
public sealed class OidcProviderOptions
{
    /// <summary>The provider's name in the paths (<c>/_accounts/oauth/{name}/...</c>); <c>google</c> needs no <see cref="Issuer"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The issuer, whose <c>/.well-known/openid-configuration</c> is read.</summary>
    /// <value>The default (none) is <c>https://accounts.google.com</c> for <c>google</c>, and required otherwise.</value>
    public string? Issuer { get; set; }

    /// <summary>The client id registered with the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (from the environment: <c>BUNBASE__ACCOUNTS__OIDC__0__CLIENTSECRET</c>).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Where the provider sends the browser back (registered with it): the app's page that posts the code and state to <c>/_accounts/oauth/{name}/callback</c>.</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>The scopes asked for.</summary>
    /// <value>The default is <c>openid email profile</c>.</value>
    public string Scopes { get; set; } = "openid email profile";
}
