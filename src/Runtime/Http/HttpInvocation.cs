using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>An invocation triggered by an HTTP request: its trace id, request-scoped services and the caller's session.</summary>
internal sealed class HttpInvocation(HttpContext http, ActionDescriptor action, ActionExecutor executor, RequestAuth? caller)
    : Invocation(action, executor, services: null, http.RequestAborted)
{
    public override bool TransportRecordsRun => true;

    protected override string ResolveTraceId() => TraceIds.Of(http);

    protected override IServiceProvider ResolveServices() => http.RequestServices;

    protected override InvocationAuth ResolveCaller() => caller ?? Executor.Authenticator.Anonymous(http);
}
