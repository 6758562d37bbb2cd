namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Sign-in with GitHub (<c>accounts.github</c>): OAuth 2.0 without OpenID Connect, the account's email read from
/// GitHub's API (the primary one, only when GitHub says it is verified). Served as the provider <c>github</c>.
/// </summary>
public sealed class GitHubSignInOptions
{
    /// <summary>The OAuth app's client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The OAuth app's client secret (from the environment: <c>BUNBASE__ACCOUNTS__GITHUB__CLIENTSECRET</c>).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Where GitHub sends the browser back (the app's page that posts code and state to <c>/_accounts/oauth/github/callback</c>).</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>The scopes asked for.</summary>
    /// <value>The default is <c>read:user user:email</c>.</value>
    public string Scopes { get; set; } = "read:user user:email";

    /// <summary>GitHub's web address (authorize and token endpoints under <c>/login/oauth/</c>); another for GitHub Enterprise.</summary>
    /// <value>The default is <c>https://github.com</c>.</value>
    public string WebUrl { get; set; } = "https://github.com";

    /// <summary>GitHub's API address (<c>/user</c>, <c>/user/emails</c>).</summary>
    /// <value>The default is <c>https://api.github.com</c>.</value>
    public string ApiUrl { get; set; } = "https://api.github.com";
}
