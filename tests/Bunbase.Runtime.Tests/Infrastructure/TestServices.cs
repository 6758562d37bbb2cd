using StackExchange.Redis;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>The real services on loopback that ./test.sh starts (or a developer runs).</summary>
public static class TestServices
{
    public static string RedisUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";

    /// <summary>The test database on the primary; a superuser role, so tests can create databases of their own.</summary>
    public static string DatabaseUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test";

    /// <summary>The streaming replica of that server that ./test.sh starts.</summary>
    public static string ReplicaUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_REPLICA_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5433/bunbase_test";

    /// <summary>The replica's data directory, for stopping and starting it with pg_ctl.</summary>
    public static string ReplicaDirectory { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_REPLICA_DIR") ?? "/var/lib/postgresql/15/bunbase-replica";

    /// <summary>A connection to the test Redis; fails loudly when it is not running.</summary>
    public static async Task<IConnectionMultiplexer> ConnectRedisAsync()
    {
        var uri = new Uri(RedisUrl);
        var connection = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{uri.Port},abortConnect=false,connectTimeout=2000");
        if (!connection.IsConnected)
            throw new InvalidOperationException($"Redis is not answering at {RedisUrl}; run ./test.sh, which starts it.");
        return connection;
    }

    /// <summary>The test database's URL as an Npgsql connection string.</summary>
    public static string DatabaseConnectionString()
    {
        var uri = new Uri(DatabaseUrl);
        var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        return $"Host={uri.Host};Port={(uri.IsDefaultPort ? 5432 : uri.Port)};Username={credentials[0]};Password={credentials.ElementAtOrDefault(1)};Database={uri.AbsolutePath.Trim('/')}";
    }
}
