using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// One health check whose result is served for <see cref="HealthCheckCache.Interval"/> after it
/// ran: a probe or a load test hitting <c>/_health</c> costs one database ping (or Redis PING) per
/// interval, not one per request. Concurrent requests share the run in progress.
/// </summary>
internal sealed class CachedHealthCheck(Func<IServiceProvider, IHealthCheck> factory, TimeProvider time)
{
    private readonly Lock _lock = new();
    private HealthCheckResult _last;
    private long _freshUntil = long.MinValue;
    private Task<HealthCheckResult>? _running;

    /// <summary>The check as the health service sees it, for one run of the service.</summary>
    public IHealthCheck For(IServiceProvider services) => new Bound(this, services);

    private Task<HealthCheckResult> CheckAsync(IServiceProvider services, HealthCheckContext context, CancellationToken cancellationToken)
    {
        Task<HealthCheckResult> running;
        lock (_lock)
        {
            if (time.GetTimestamp() < _freshUntil)
                return Task.FromResult(_last);
            running = _running ??= RunAsync(services.GetRequiredService<IServiceScopeFactory>(), context);
        }

        return running.WaitAsync(cancellationToken);
    }

    /// <summary>Runs the check in a scope of its own, uncancelled: the request that started it may go away while others wait for it.</summary>
    private async Task<HealthCheckResult> RunAsync(IServiceScopeFactory scopes, HealthCheckContext context)
    {
        await Task.Yield();
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var result = await factory(scope.ServiceProvider).CheckHealthAsync(context, CancellationToken.None).ConfigureAwait(false);
                lock (_lock)
                {
                    _last = result;
                    _freshUntil = time.GetTimestamp() + (long)(HealthCheckCache.Interval.TotalSeconds * time.TimestampFrequency);
                }

                return result;
            }
        }
        finally
        {
            // A check that threw is not cached: the next request runs it again.
            lock (_lock)
                _running = null;
        }
    }

    private sealed class Bound(CachedHealthCheck cache, IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            cache.CheckAsync(services, context, cancellationToken);
    }
}
