namespace Bunbase.Testing.Tests.Infrastructure;

/// <summary>The PostgreSQL and Redis on loopback that ./test.sh starts (or a developer runs).</summary>
public static class TestServers
{
    public static string DatabaseUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test";

    public static string RedisUrl { get; } = Environment.GetEnvironmentVariable("BUNBASE_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";
}
