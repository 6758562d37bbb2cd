using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Bunbase.Runtime.Redis;

/// <summary>
/// Whether Redis answers a PING within <c>redis.timeoutMs</c>. When it does not, the instance is
/// <see cref="HealthStatus.Unhealthy"/> (readiness 503) only if something it serves refuses to work
/// without Redis (<see cref="RedisReliance"/>); while every store-failure policy keeps serving, it is
/// <see cref="HealthStatus.Degraded"/> (readiness 200): taking every instance out of a balancer at
/// once would refuse the requests the policies promise to serve.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, TimeSpan timeout, RedisReliance reliance) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(reliance.WhenDown, $"Redis does not answer ({ex.GetType().Name}); {reliance.Description}");
        }
    }
}
