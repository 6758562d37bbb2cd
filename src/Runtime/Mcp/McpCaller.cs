using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// The MCP request a tool call came in, as authentication and rate limiting read it: its bearer
/// token or session cookie (a cookie needs an acceptable <c>Origin</c>, as any POST does), the
/// client's address. The response belongs to the MCP transport, which may have started it, so
/// session renewals, cookies and limit headers are not written (an MCP client has no use for them).
/// </summary>
internal sealed class McpCaller(HttpContext http) : ICallerRequest
{
    public StringValues Authorization => http.Request.Headers.Authorization;

    public StringValues Cookies => http.Request.Headers.Cookie;

    public bool MayChangeState => HttpCaller.ChangesState(http);

    public StringValues Origin => http.Request.Headers.Origin;

    public string Scheme => http.Request.Scheme;

    public string Host => http.Request.Host.Value ?? "";

    public IPAddress? ClientAddress => http.Connection.RemoteIpAddress;

    public CancellationToken Aborted => http.RequestAborted;

    public void SetResponseHeader(string name, StringValues value)
    {
    }

    public void OnResponseStarting(Func<object, Task> callback, object state)
    {
    }

    public void AppendCookie(string name, string value, CookieOptions options)
    {
    }

    public void DeleteCookie(string name, CookieOptions options)
    {
    }
}
