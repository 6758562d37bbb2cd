namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Cross-site request forgery checks (<c>auth.csrf.*</c>): a POST, PUT, PATCH or DELETE that
/// relies on the session cookie must carry an <c>Origin</c> header naming the application itself
/// (scheme, host and port of the request, as seen through <c>trustedProxies</c>) or one of
/// <see cref="AllowedOrigins"/>. Requests with <c>Authorization: Bearer</c> are exempt.
/// </summary>
public sealed class CsrfOptions
{
    /// <summary>Other origins trusted to send cookie-authenticated writes, such as <c>https://app.example.com</c>.</summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] AllowedOrigins { get; set; } = [];
#pragma warning restore CA1819
}
