using Bunbase.Runtime.Auth.Csrf;
using Bunbase.Runtime.Auth.Passwords;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Auth.Throttling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// Finds the session of an HTTP request. <c>Authorization: Bearer</c> wins over the cookie when a
/// request carries both (even when the bearer token is bad: an explicit credential is never
/// silently swapped for the browser's ambient one); other <c>Authorization</c> schemes are not
/// ours and are ignored. A session is usable when its token checks out, it is not revoked, and,
/// for a cookie on a request that may change state, <c>Origin</c> is acceptable. Past half its
/// lifetime it is renewed.
/// </summary>
/// <remarks>
/// Nothing here refuses a request: an unusable session makes the request anonymous, with the reason
/// kept for actions whose guards need a session (401, 403 or 503 there). So an action without
/// identity guards never fails because of a stale cookie.
/// </remarks>
internal sealed class Authenticator(
    SessionTokens tokens,
    SessionRevocations revocations,
    SessionCookie cookie,
    OriginCheck origins,
    PasswordHashing passwords,
    SignInThrottle throttle,
    TimeProvider clock)
{
    /// <summary>The response header that carries a renewed bearer token.</summary>
    public const string RenewalHeader = "Session-Token";

    public SessionTokens Tokens { get; } = tokens;

    public SessionRevocations Revocations { get; } = revocations;

    public SessionCookie Cookie { get; } = cookie;

    public PasswordHashing Passwords { get; } = passwords;

    public SignInThrottle Throttle { get; } = throttle;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The request's auth, or null when it carries no credentials (or sessions are not configured).</summary>
    public ValueTask<RequestAuth?> AuthenticateAsync(HttpContext http)
    {
        if (!Tokens.Enabled)
            return default;
        var request = http.Request;
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            if (Bearer(authorization, out var bearer))
                return ValueTask.FromResult<RequestAuth?>(new RequestAuth(this, http, SessionTransport.Bearer, null, SessionFailure.MalformedAuthorization));
            if (bearer is not null)
                return CheckAsync(http, bearer, SessionTransport.Bearer);
        }

        if (Cookie.Read(request) is not { } token)
            return default;
        var forgery = origins.Check(request);
        return forgery == SessionFailure.None
            ? CheckAsync(http, token, SessionTransport.Cookie)
            : ValueTask.FromResult<RequestAuth?>(new RequestAuth(this, http, SessionTransport.Cookie, null, forgery));
    }

    /// <summary>The auth of a request without credentials (created when an action asks for it).</summary>
    public RequestAuth Anonymous(HttpContext http) => new(this, http, SessionTransport.None, null, SessionFailure.None);

    private async ValueTask<RequestAuth?> CheckAsync(HttpContext http, string token, SessionTransport transport)
    {
        var check = await Tokens.CheckAsync(token).ConfigureAwait(false);
        var failure = check.Ticket is { } ticket ? await Revocations.CheckAsync(ticket).ConfigureAwait(false) : check.Failure;
        if (failure != SessionFailure.None)
        {
            var refused = new RequestAuth(this, http, transport, null, failure);
            if (transport == SessionTransport.Cookie && SessionFailures.DeletesCookie(failure))
                refused.DropCookie();
            return refused;
        }

        var auth = new RequestAuth(this, http, transport, check.Ticket, SessionFailure.None);

        // A response for one user must not be served to another from a shared cache.
        http.Response.Headers.CacheControl = "private";
        if (check.Ticket!.IsPastHalfLife(Now) && Tokens.CanExtend(check.Ticket))
            auth.Renewed(check.Ticket.Renewal(Tokens.Renew));
        return auth;
    }

    /// <summary>
    /// The token of <c>Authorization: Bearer TOKEN</c>; null when the header uses another scheme.
    /// Returns true (malformed) for a Bearer header without exactly one token, or repeated headers.
    /// </summary>
    private static bool Bearer(StringValues authorization, out string? token)
    {
        token = null;
        var value = authorization[0] ?? "";
        var isBearer = value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) && (value.Length == 6 || value[6] == ' ');
        if (!isBearer)
            return authorization.Count > 1;
        var rest = value.AsSpan(6).Trim(' ');
        if (authorization.Count > 1 || rest.IsEmpty || rest.IndexOfAny(' ', '\t', ',') >= 0)
            return true;
        token = rest.ToString();
        return false;
    }
}
