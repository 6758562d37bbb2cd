using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// The key-value store under a key prefix: Redis when <c>redis.url</c> is set, else the database
/// (PostgreSQL, shared, or the embedded file). The one place that choice is made, for <c>ctx.Kv</c>
/// and for what auth keeps there (revocations, sign-in failures).
/// </summary>
internal static class KeyValueStoreFactory
{
    public static bool UsesRedis(BunbaseOptions options) => options.Redis.Url is not null;

    /// <summary>A store from <paramref name="services"/> (the options, <see cref="KvJson"/>, the clock, and the Redis connection or the database).</summary>
    public static IKeyValueStore Create(IServiceProvider services, string keyPrefix)
    {
        var options = services.GetRequiredService<BunbaseOptions>();
        var json = services.GetRequiredService<KvJson>();
        var clock = services.GetRequiredService<TimeProvider>();
        return UsesRedis(options)
            ? InRedis(services, keyPrefix, json, TimeSpan.FromMilliseconds(options.Redis.TimeoutMs), clock)
            : new SqlKeyValueStore(services.GetRequiredService<Database>(), keyPrefix, json, clock);
    }

    // Not inlined, so that an app without Redis does not load the client library to start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static RedisKeyValueStore InRedis(IServiceProvider services, string keyPrefix, KvJson json, TimeSpan timeout, TimeProvider clock) =>
        new(services.GetRequiredService<IConnectionMultiplexer>(), keyPrefix, json, timeout, clock);
}
