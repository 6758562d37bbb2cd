using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Http;

/// <summary>
/// An invocation triggered by an HTTP request: its trace id, request-scoped services, the status it
/// was answered with, and the request itself as the caller's credentials (see <see cref="ICallerRequest"/>).
/// </summary>
internal sealed class HttpInvocation(HttpContext http, ActionDescriptor action, ActionContextServices context)
    : Invocation(action, InvocationTrigger.Http, context, http.RequestAborted), ICallerRequest
{
    public HttpContext Http => http;

    public override ICallerRequest Credentials => this;

    public override int? ResponseStatus => ClientGone.RecordedStatus(http);

    StringValues ICallerRequest.Authorization => http.Request.Headers.Authorization;

    StringValues ICallerRequest.Cookies => http.Request.Headers.Cookie;

    bool ICallerRequest.MayChangeState => HttpCaller.ChangesState(http);

    StringValues ICallerRequest.Origin => http.Request.Headers.Origin;

    string ICallerRequest.Scheme => http.Request.Scheme;

    string ICallerRequest.Host => http.Request.Host.Value ?? "";

    IPAddress? ICallerRequest.ClientAddress => http.Connection.RemoteIpAddress;

    CancellationToken ICallerRequest.Aborted => http.RequestAborted;

    void ICallerRequest.SetResponseHeader(string name, StringValues value) => http.Response.Headers[name] = value;

    void ICallerRequest.OnResponseStarting(Func<object, Task> callback, object state) => http.Response.OnStarting(callback, state);

    void ICallerRequest.AppendCookie(string name, string value, CookieOptions options) => http.Response.Cookies.Append(name, value, options);

    void ICallerRequest.DeleteCookie(string name, CookieOptions options) => http.Response.Cookies.Delete(name, options);

    protected override string ResolveTraceId() => TraceIds.Of(http);

    protected override IServiceProvider ResolveServices() => http.RequestServices;
}
