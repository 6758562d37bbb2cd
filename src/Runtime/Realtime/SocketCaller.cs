using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// A WebSocket upgrade as authentication sees it: a GET, but one that opens a socket clients may
/// publish on, so a session cookie needs an acceptable <c>Origin</c> as for a write (browsers always
/// send it on a WebSocket): another site's page cannot use a visitor's cookie to open one.
/// </summary>
internal sealed class SocketCaller(HttpContext http) : ICallerRequest
{
    private readonly HttpCaller _http = new(http);

    public StringValues Authorization => _http.Authorization;

    public StringValues Cookies => _http.Cookies;

    public bool MayChangeState => true;

    public StringValues Origin => _http.Origin;

    public string Scheme => _http.Scheme;

    public string Host => _http.Host;

    public IPAddress? ClientAddress => _http.ClientAddress;

    public CancellationToken Aborted => _http.Aborted;

    public void SetResponseHeader(string name, StringValues value) => _http.SetResponseHeader(name, value);

    public void OnResponseStarting(Func<object, Task> callback, object state) => _http.OnResponseStarting(callback, state);

    public void AppendCookie(string name, string value, CookieOptions options) => _http.AppendCookie(name, value, options);

    public void DeleteCookie(string name, CookieOptions options) => _http.DeleteCookie(name, options);
}
