using Bunbase.Runtime.Auth.Csrf;
using Bunbase.Runtime.Auth.Passwords;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Auth.Throttling;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// Finds the session of a caller's request (see <see cref="ICallerRequest"/>). <c>Authorization: Bearer</c> wins over the cookie when a
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
    TimeProvider clock,
    IApiKeyAuthenticator? apiKeys = null)
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
    /// <remarks>
    /// A request with a known, unrevoked token (the common case) is decided without allocating
    /// anything but its <see cref="RequestAuth"/>: the token is looked up from the header in place.
    /// </remarks>
    public ValueTask<RequestAuth?> AuthenticateAsync(ICallerRequest request)
    {
        if (!Tokens.Enabled)
            return default;
        var authorization = request.Authorization;
        ReadOnlySpan<char> token;
        SessionTransport transport;
        if (authorization.Count > 0 && Bearer(authorization, out token) is var bearer && bearer != BearerHeader.NotBearer)
        {
            if (bearer == BearerHeader.Malformed)
                return Refused(request, SessionTransport.Bearer, SessionFailure.MalformedAuthorization);
            if (apiKeys is not null && apiKeys.IsApiKey(token))
            {
                return apiKeys.TryGetKnown(token, Now, out var known)
                    ? ValueTask.FromResult<RequestAuth?>(AcceptKey(request, known))
                    : LookUpKeyAsync(request, token.ToString());
            }

            transport = SessionTransport.Bearer;
        }
        else if (Cookie.TryRead(request.Cookies, out token))
        {
            transport = SessionTransport.Cookie;
            var forgery = origins.Check(request);
            if (forgery != SessionFailure.None)
                return Refused(request, transport, forgery);
        }
        else
        {
            return default;
        }

        var now = Now;
        return Tokens.TryCheckKnown(token, now, out var check)
            ? Checked(request, transport, check, now)
            : ValidateAsync(request, token.ToString(), transport);
    }

    /// <summary>The auth of a request without credentials (created when an action asks for it).</summary>
    public RequestAuth Anonymous(ICallerRequest request) => new(this, request, SessionTransport.None, null, SessionFailure.None);

    private async ValueTask<RequestAuth?> ValidateAsync(ICallerRequest request, string token, SessionTransport transport)
    {
        var check = await Tokens.CheckAsync(token).ConfigureAwait(false);
        return await Checked(request, transport, check, Now).ConfigureAwait(false);
    }

    /// <summary>After the token: the revocation check (from the cache, usually without waiting), then renewal.</summary>
    private ValueTask<RequestAuth?> Checked(ICallerRequest request, SessionTransport transport, TokenCheck check, DateTimeOffset now)
    {
        if (check.Ticket is not { } ticket)
            return Refused(request, transport, check.Failure);
        var revocation = Revocations.CheckAsync(ticket, now);
        return revocation.IsCompletedSuccessfully
            ? ValueTask.FromResult<RequestAuth?>(Accept(request, transport, ticket, revocation.Result, now))
            : AwaitRevocationAsync(request, transport, ticket, revocation);
    }

    private async ValueTask<RequestAuth?> AwaitRevocationAsync(ICallerRequest request, SessionTransport transport, SessionTicket ticket, ValueTask<SessionFailure> revocation) =>
        Accept(request, transport, ticket, await revocation.ConfigureAwait(false), Now);

    private RequestAuth Accept(ICallerRequest request, SessionTransport transport, SessionTicket ticket, SessionFailure revocation, DateTimeOffset now)
    {
        if (revocation != SessionFailure.None)
            return Refuse(request, transport, revocation, revocation == SessionFailure.StoreUnavailable ? ticket : null);
        var auth = new RequestAuth(this, request, transport, ticket, SessionFailure.None);

        // A response for one user must not be served to another from a shared cache.
        request.SetResponseHeader("Cache-Control", "private");
        if (ticket.IsPastHalfLife(now) && Tokens.CanExtend(ticket))
            auth.Renewed(ticket.Renewal(Tokens.Renew));
        return auth;
    }

    private async ValueTask<RequestAuth?> LookUpKeyAsync(ICallerRequest request, string token)
    {
        SessionTicket? ticket;
        try
        {
            ticket = await apiKeys!.LookUpAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Data.Database.IsUnavailable(ex))
        {
            return Refuse(request, SessionTransport.Bearer, SessionFailure.StoreUnavailable);
        }

        return AcceptKey(request, ticket);
    }

    /// <summary>An API key is not a session: no revocation generation, no renewal; revoking the key is what ends it.</summary>
    private RequestAuth AcceptKey(ICallerRequest request, SessionTicket? ticket)
    {
        if (ticket is null)
            return Refuse(request, SessionTransport.Bearer, SessionFailure.Invalid);
        request.SetResponseHeader("Cache-Control", "private");
        return new RequestAuth(this, request, SessionTransport.Bearer, ticket, SessionFailure.None);
    }

    private ValueTask<RequestAuth?> Refused(ICallerRequest request, SessionTransport transport, SessionFailure failure) =>
        ValueTask.FromResult<RequestAuth?>(Refuse(request, transport, failure));

    private RequestAuth Refuse(ICallerRequest request, SessionTransport transport, SessionFailure failure, SessionTicket? unconfirmed = null)
    {
        var refused = new RequestAuth(this, request, transport, null, failure, unconfirmed);
        if (transport == SessionTransport.Cookie && SessionFailures.DeletesCookie(failure))
            refused.DropCookie();
        return refused;
    }

    /// <summary>
    /// Reads <c>Authorization: Bearer TOKEN</c>. Another scheme is not ours (ignored); a Bearer
    /// header without exactly one token, or repeated headers, is malformed.
    /// </summary>
    private static BearerHeader Bearer(StringValues authorization, out ReadOnlySpan<char> token)
    {
        token = default;
        var value = (authorization[0] ?? "").AsSpan();
        if (!value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) || (value.Length > 6 && value[6] != ' '))
            return authorization.Count > 1 ? BearerHeader.Malformed : BearerHeader.NotBearer;
        token = value[6..].Trim(' ');
        return authorization.Count > 1 || token.IsEmpty || token.IndexOfAny(' ', '\t', ',') >= 0 ? BearerHeader.Malformed : BearerHeader.Token;
    }

    private enum BearerHeader
    {
        NotBearer,
        Malformed,
        Token,
    }
}
