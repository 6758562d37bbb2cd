using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Bunbase.Runtime.Redis;

/// <summary>Registers the one Redis connection (when <c>redis.url</c> is set) and its health.</summary>
internal static class RedisServices
{
    /// <param name="services">The host's services.</param>
    /// <param name="health">Where the <c>redis</c> check is added.</param>
    /// <param name="options">The configuration.</param>
    /// <param name="reliance">What relies on Redis (decides whether its outage makes the instance unready); built by the host, which knows the catalog and sessions.</param>
    public static IServiceCollection AddRedis(this IServiceCollection services, IHealthChecksBuilder health, BunbaseOptions options, Func<IServiceProvider, RedisReliance> reliance)
    {
        if (options.Redis.Url is null)
            return services;
        Register(services, health, options, reliance);
        return services;
    }

    // Not inlined, so that an app without Redis does not load the client library to start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Register(IServiceCollection services, IHealthChecksBuilder health, BunbaseOptions options, Func<IServiceProvider, RedisReliance> reliance)
    {
        RedisConnection.Options(options.Redis); // refuses a malformed URL at start
        services.AddSingleton(_ => RedisConnection.Connect(options.Redis));
        health.Add(new HealthCheckRegistration(
            "redis",
            sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromMilliseconds(options.Redis.TimeoutMs), reliance(sp)),
            HealthStatus.Unhealthy,
            [HealthEndpoints.ReadyTag]));
    }

    /// <summary>
    /// Connects to Redis now (never failing: it reconnects in the background), not on the first request. A method of its own
    /// so that an app without Redis does not load the client library to start.
    /// </summary>
    public static void ConnectNow(IServiceProvider services, BunbaseOptions options)
    {
        if (options.Redis.Url is not null)
            Connect(services);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Connect(IServiceProvider services) => _ = services.GetService<IConnectionMultiplexer>();
}
