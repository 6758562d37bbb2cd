using StackExchange.Redis;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>The real services on loopback that ./test.sh starts (or a developer runs).</summary>
public static class TestServices
{
    public static string RedisUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";

    /// <summary>A connection to the test Redis; fails loudly when it is not running.</summary>
    public static async Task<IConnectionMultiplexer> ConnectRedisAsync()
    {
        var uri = new Uri(RedisUrl);
        var connection = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{uri.Port},abortConnect=false,connectTimeout=2000");
        if (!connection.IsConnected)
            throw new InvalidOperationException($"Redis is not answering at {RedisUrl}; run ./test.sh, which starts it.");
        return connection;
    }
}
