using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth.Csrf;

/// <summary>
/// Cross-site request forgery defence for the session cookie: a request that may change state
/// (any method but GET, HEAD, OPTIONS and TRACE) and relies on the cookie must name its origin in
/// <c>Origin</c>, and it must be the application's own (the request's scheme and host, which
/// <c>trustedProxies</c> may set from <c>X-Forwarded-Proto</c>/<c>-Host</c>) or one of
/// <c>auth.csrf.allowedOrigins</c>. Browsers send <c>Origin</c> on every such request and a page
/// cannot forge it; bearer tokens need no check, since a browser never adds them by itself.
/// </summary>
internal sealed class OriginCheck(AuthSettings settings)
{
    public SessionFailure Check(ICallerRequest request)
    {
        if (!request.MayChangeState)
            return SessionFailure.None;
        var origin = request.Origin;
        if (origin.Count == 0 || string.IsNullOrEmpty(origin[0]))
            return SessionFailure.OriginMissing;
        if (origin.Count == 1 && (IsSameOrigin(origin[0]!, request) || settings.AllowedOrigins.Contains(origin[0]!)))
            return SessionFailure.None;
        return SessionFailure.OriginNotAllowed;
    }

    /// <summary><c>Origin</c> is <c>scheme://host[:port]</c> with the default port left out; so is a browser's <c>Host</c>.</summary>
    private static bool IsSameOrigin(string origin, ICallerRequest request)
    {
        var scheme = request.Scheme;
        var host = request.Host.AsSpan();
        if ((scheme == "https" && host.EndsWith(":443", StringComparison.Ordinal)) || (scheme == "http" && host.EndsWith(":80", StringComparison.Ordinal)))
            host = host[..host.LastIndexOf(':')];
        var text = origin.AsSpan();
        return text.Length == scheme.Length + 3 + host.Length
            && text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && text[scheme.Length..].StartsWith("://", StringComparison.Ordinal)
            && text[(scheme.Length + 3)..].Equals(host, StringComparison.OrdinalIgnoreCase);
    }
}
