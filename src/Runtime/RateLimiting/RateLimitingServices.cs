using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>Registers rate limiting: in Redis (shared by every instance) when <c>redis.url</c> is set, otherwise per instance.</summary>
internal static class RateLimitingServices
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services, BunbaseOptions options)
    {
        services.AddSingleton<RateLimitGate>();
        if (options.Redis.Url is not null)
            services.AddSingleton<IRateLimiter>(sp => new RedisRateLimiter(sp.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromMilliseconds(options.Redis.TimeoutMs), sp.GetRequiredService<TimeProvider>()));
        else
            services.AddSingleton<IRateLimiter>(sp => new InMemoryRateLimiter(sp.GetRequiredService<TimeProvider>(), options.RateLimit.MaxInMemoryKeys));
        return services;
    }
}
