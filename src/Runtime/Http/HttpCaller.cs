using System.Net;
using Bunbase.Runtime.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Http;

/// <summary>
/// An HTTP request as the transport-neutral <see cref="ICallerRequest"/> authentication and rate
/// limiting read (for runtime endpoints; an action's <see cref="HttpInvocation"/> is its own view).
/// The static members hold the HTTP reading, shared by both.
/// </summary>
internal sealed class HttpCaller(HttpContext http) : ICallerRequest
{
    public StringValues Authorization => http.Request.Headers.Authorization;

    public StringValues Cookies => http.Request.Headers.Cookie;

    public bool MayChangeState => ChangesState(http);

    public StringValues Origin => http.Request.Headers.Origin;

    public string Scheme => http.Request.Scheme;

    public string Host => http.Request.Host.Value ?? "";

    public IPAddress? ClientAddress => http.Connection.RemoteIpAddress;

    public CancellationToken Aborted => http.RequestAborted;

    /// <summary>Any method but GET, HEAD, OPTIONS and TRACE may change state.</summary>
    public static bool ChangesState(HttpContext http)
    {
        var method = http.Request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
    }

    public void SetResponseHeader(string name, StringValues value) => http.Response.Headers[name] = value;

    public void OnResponseStarting(Func<object, Task> callback, object state) => http.Response.OnStarting(callback, state);

    public void AppendCookie(string name, string value, CookieOptions options) => http.Response.Cookies.Append(name, value, options);

    public void DeleteCookie(string name, CookieOptions options) => http.Response.Cookies.Delete(name, options);
}
