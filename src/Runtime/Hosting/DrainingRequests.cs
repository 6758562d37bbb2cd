using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// What the instance does with requests once shutdown has begun. Every response says
/// <c>Connection: close</c>, so the server closes each connection after a complete response and a
/// proxy's kept-alive connection ends cleanly instead of being cut under the next request it sends.
/// During a drain (<c>shutdownDrainMs</c>), an idempotent request (GET, HEAD, OPTIONS) that comes
/// from a trusted proxy is handed back unanswered: its connection is closed before anything runs.
/// nginx retries it on another instance and counts a failure against this one, the only signal that
/// stops open-source nginx (no active health checks) from sending this instance new requests before
/// it stops accepting; POSTs and the like are always served. Health endpoints are always answered.
/// </summary>
internal sealed class DrainingRequests
{
    private readonly RequestDelegate _next;
    private readonly CancellationToken _stopping;
    private readonly bool _handOff;
    private readonly ForwardedHeadersOptions? _proxies;

    public DrainingRequests(RequestDelegate next, IHostApplicationLifetime lifetime, BunbaseOptions options)
    {
        _next = next;
        _stopping = lifetime.ApplicationStopping;
        _proxies = options.TrustedProxies.Length > 0 ? BunbaseApplication.ForwardedHeaders(options.TrustedProxies) : null;
        _handOff = options.ShutdownDrainMs > 0 && _proxies is not null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_stopping.IsCancellationRequested)
            return _next(context);
        if (_handOff && IsIdempotent(context.Request.Method) && FromTrustedProxy(context) && !IsHealth(context.Request.Path))
        {
            context.Abort();
            return Task.CompletedTask;
        }

        // Added as the response starts: an error response that clears the headers keeps it.
        context.Response.OnStarting(AddConnectionClose, context.Response);
        return _next(context);
    }

    private static bool IsIdempotent(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool IsHealth(PathString path) => path.StartsWithSegments("/_health", StringComparison.OrdinalIgnoreCase);

    private bool FromTrustedProxy(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
            return false;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return _proxies!.KnownProxies.Contains(address) || _proxies.KnownIPNetworks.Any(network => network.Contains(address));
    }

    private static Task AddConnectionClose(object response)
    {
        ((HttpResponse)response).Headers[HeaderNames.Connection] = "close";
        return Task.CompletedTask;
    }
}
