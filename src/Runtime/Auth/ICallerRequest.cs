using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// A caller's request as authentication and rate limiting see it, whatever the transport: the
/// credentials it carries, the facts the cookie's forgery check needs, the client's address, and
/// where session cookies and limit headers go back. HTTP builds it from the request; a transport
/// without response metadata ignores the writes.
/// </summary>
internal interface ICallerRequest
{
    /// <summary>The <c>Authorization</c> values (a bearer token).</summary>
    StringValues Authorization { get; }

    /// <summary>The <c>Cookie</c> values (the session cookie).</summary>
    StringValues Cookies { get; }

    /// <summary>Whether the request may change state (any HTTP method but GET, HEAD, OPTIONS, TRACE): a cookie then needs an acceptable <see cref="Origin"/>.</summary>
    bool MayChangeState { get; }

    /// <summary>The <c>Origin</c> values.</summary>
    StringValues Origin { get; }

    /// <summary>The scheme the request was made with (<c>http</c>, <c>https</c>), as trusted proxies report it.</summary>
    string Scheme { get; }

    /// <summary>The host (and port) the request was made to, as trusted proxies report it.</summary>
    string Host { get; }

    /// <summary>The client's address, or null when unknown.</summary>
    IPAddress? ClientAddress { get; }

    /// <summary>Fires when the caller goes away.</summary>
    CancellationToken Aborted { get; }

    /// <summary>Sets a response header.</summary>
    void SetResponseHeader(string name, StringValues value);

    /// <summary>Runs <paramref name="callback"/> just before the response starts (to write the last word on cookies).</summary>
    void OnResponseStarting(Func<object, Task> callback, object state);

    void AppendCookie(string name, string value, CookieOptions options);

    void DeleteCookie(string name, CookieOptions options);
}
