using System.Collections;
using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Redis;

/// <summary>Readiness with Redis down follows the store-failure policies of what needs it.</summary>
public sealed class RedisHealthCheckTests
{
    [Theory]
    [InlineData("Open", "Open", HttpStatusCode.OK, "Degraded")]
    [InlineData("Open", "Closed", HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData("Closed", "Open", HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData("Closed", "Closed", HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    public async Task With_redis_down_readiness_is_degraded_while_every_policy_serves_and_unready_when_one_is_closed(
        string rateLimitPolicy, string authPolicy, HttpStatusCode expected, string redisStatus)
    {
        // Nothing listens on port 1. The test app has rate-limited actions and sessions. Development,
        // so the check's description (which policy decided) is shown without an admin session.
        await using var server = await AppServer.StartAsync(
            environment: "Development",
            extraConfig: $$"""
                "redis": { "timeoutMs": 100, "connectTimeoutMs": 200 }, "rateLimit": { "onStoreFailure": "{{rateLimitPolicy}}" },
                "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "{{authPolicy}}" }
                """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });

        using var ready = await server.Client.GetAsync("/_health/ready");
        var redis = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("redis");

        Assert.Equal(expected, ready.StatusCode);
        Assert.Equal(redisStatus, redis.GetProperty("status").GetString());
        Assert.Contains(redisStatus == "Degraded" ? "served by policy" : "refused without it", redis.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/_health/live")).StatusCode);
    }

    [Fact]
    public async Task Degraded_readiness_matches_what_the_instance_serves()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 100, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "Open" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited-burst")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode);
    }

    [Fact]
    public async Task With_redis_up_it_is_healthy()
    {
        await using var server = await AppServer.StartAsync(variables: new Hashtable { ["REDIS_URL"] = TestServices.RedisUrl });

        using var ready = await server.Client.GetAsync("/_health/ready");
        var redis = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("redis");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", redis.GetProperty("status").GetString());
    }
}
