using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>An invocation triggered by an HTTP request: its trace id and request-scoped services.</summary>
internal sealed class HttpInvocation(HttpContext http, ActionDescriptor action, ActionExecutor executor)
    : Invocation(action, executor, services: null, http.RequestAborted)
{
    protected override string ResolveTraceId() => TraceIds.Of(http);

    protected override IServiceProvider ResolveServices() => http.RequestServices;
}
