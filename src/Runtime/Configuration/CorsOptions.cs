using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Cross-origin requests from browsers (<c>cors.*</c>): pages on the listed origins may call the API
/// (preflights answered, responses readable, the runtime's headers exposed). Off while the list is empty.
/// </summary>
public sealed class CorsOptions
{
    /// <summary>
    /// Origins whose pages may call the API: <c>https://app.example.com</c>, <c>http://localhost:5173</c>,
    /// <c>https://*.example.com</c> (any subdomain, not the domain itself), or <c>*</c> (any origin, only
    /// without credentials).
    /// </summary>
    /// <value>The default is none: no cross-origin access.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Response headers a page may read besides the runtime's own (<c>Session-Token</c>, <c>Retry-After</c>,
    /// the <c>RateLimit-*</c> headers, <c>ETag</c>, <c>Content-Disposition</c>, <c>Location</c>) and the
    /// actions' <c>[ResponseHeader]</c> names, which are exposed already.
    /// </summary>
    /// <value>The default is none.</value>
    public string[] ExposedHeaders { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>
    /// Whether pages send cookies with their calls (<c>credentials: "include"</c>, the typed client's default). The
    /// listed origins are then also trusted for cookie-authenticated writes, as <c>auth.csrf.allowedOrigins</c> are.
    /// </summary>
    /// <value>The default is true.</value>
    public bool AllowCredentials { get; set; } = true;

    /// <summary>How long a browser may reuse a preflight's answer, in milliseconds (browsers cap it: Chromium at 2 hours).</summary>
    /// <value>The default is 600,000 (10 minutes).</value>
    [Range(0, 86_400_000)]
    public int MaxAgeMs { get; set; } = 600_000;
}
