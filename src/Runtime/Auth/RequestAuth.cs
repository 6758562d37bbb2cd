using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// <c>ctx.Auth</c> of a caller's request (HTTP, or any transport that carries credentials). Cookie changes (sign-in, sign-out, renewal, dropping a bad
/// cookie) are collected and written once when the response starts, so the last word wins and a
/// response carries at most one <c>Set-Cookie</c> for the session; a renewed bearer token goes out
/// in the <c>Session-Token</c> header.
/// </summary>
internal sealed class RequestAuth(Authenticator authenticator, ICallerRequest request, SessionTransport transport, SessionTicket? ticket, SessionFailure failure, SessionTicket? unconfirmed = null)
    : InvocationAuth(authenticator, ticket, failure, unconfirmed)
{
    private CookieChange _cookie;
    private SessionTicket? _cookieTicket;
    private SessionTicket? _renewedBearer;
    private bool _registered;

    private enum CookieChange
    {
        None,
        Set,
        Delete,
    }

    public SessionTransport Transport { get; } = transport;

    /// <summary>The session was renewed: the client gets the new token the way it sent the old one.</summary>
    public void Renewed(SessionTicket renewed)
    {
        if (Transport == SessionTransport.Bearer)
            _renewedBearer = renewed;
        else
            Change(CookieChange.Set, renewed);
        Register();
    }

    /// <summary>The cookie held an unusable session: the browser drops it.</summary>
    public void DropCookie() => Change(CookieChange.Delete, null);

    protected override void OnSignedIn(SessionTicket ticket)
    {
        _renewedBearer = null;
        Change(CookieChange.Set, ticket);
    }

    protected override void OnSignedOut()
    {
        _renewedBearer = null;
        Change(CookieChange.Delete, null);
    }

    private void Change(CookieChange change, SessionTicket? ticket)
    {
        if (!Authenticator.Cookie.Enabled)
            return;
        _cookie = change;
        _cookieTicket = ticket;
        Register();
    }

    private void Register()
    {
        if (_registered)
            return;
        _registered = true;
        request.OnResponseStarting(static state => ((RequestAuth)state).Apply(), this);
    }

    private Task Apply()
    {
        if (_cookie == CookieChange.Set && _cookieTicket is { } ticket)
            Authenticator.Cookie.Append(request, ticket.Token, ticket.ExpiresAt - Authenticator.Now);
        else if (_cookie == CookieChange.Delete)
            Authenticator.Cookie.Delete(request);
        if (_renewedBearer is { } renewed)
            request.SetResponseHeader(Authenticator.RenewalHeader, renewed.Token);
        return Task.CompletedTask;
    }
}
