using System.Collections;
using System.Net;
using Bunbase.Runtime.RateLimiting;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.RateLimiting;

/// <summary>Rate limits as HTTP clients see them, on Redis (and in process where noted).</summary>
public sealed class RateLimitGateTests
{
    [Fact]
    public async Task Every_response_of_a_limited_action_carries_the_headers_and_the_excess_gets_429()
    {
        await using var server = await StartAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            responses.Add(await server.Client.GetAsync("/limited-burst"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.All(responses, r => Assert.Equal("3", Header(r, "RateLimit-Limit")));
        Assert.Equal(["2", "1", "0", "0"], responses.Select(r => Header(r, "RateLimit-Remaining")));

        // 3 per hour: each token takes 20 minutes to come back, so the full allowance is 20, 40, then 60 minutes away.
        var resets = responses.Select(r => int.Parse(Header(r, "RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(resets[0], 1140, 1200);
        Assert.InRange(resets[1], 2340, 2400);
        Assert.InRange(resets[2], 3540, 3600);
        Assert.InRange(resets[3], 3540, 3600);
        var problem = await Problem.ReadAsync(responses[3], HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", problem.Code);
        Assert.InRange(responses[3].Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task The_window_resets()
    {
        await using var server = await StartAsync();

        // 3 per 2 s: spend until refused (a slow machine may see a token come back on the way), then wait out the period.
        var refused = false;
        for (var i = 0; i < 20 && !refused; i++)
            refused = (await server.Client.GetAsync("/limited-short")).StatusCode == HttpStatusCode.TooManyRequests;
        Assert.True(refused);

        await Task.Delay(TimeSpan.FromSeconds(2.2));

        var again = await server.Client.GetAsync("/limited-short");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("2", Header(again, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Forwarded_for_from_an_untrusted_peer_does_not_change_the_key()
    {
        await using var server = await StartAsync();

        var first = await GetAs(server, "/limited-burst", "203.0.113.1");
        var second = await GetAs(server, "/limited-burst", "203.0.113.2");

        Assert.Equal("2", Header(first, "RateLimit-Remaining"));
        Assert.Equal("1", Header(second, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Forwarded_for_from_a_trusted_proxy_keys_by_the_client()
    {
        await using var server = await StartAsync(""" "trustedProxies": ["127.0.0.1"] """);

        var first = await GetAs(server, "/limited-burst", "203.0.113.1");
        var second = await GetAs(server, "/limited-burst", "203.0.113.2");
        var firstAgain = await GetAs(server, "/limited-burst", "203.0.113.1");

        Assert.Equal("2", Header(first, "RateLimit-Remaining"));
        Assert.Equal("2", Header(second, "RateLimit-Remaining"));
        Assert.Equal("1", Header(firstAgain, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_key_from_the_input_separates_tenants()
    {
        await using var server = await StartAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var tenant in new[] { "a", "a", "a", "b" })
            statuses.Add((await server.Client.GetAsync($"/tenants/{tenant}/limited")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Without_redis_the_in_process_limiter_applies()
    {
        await using var server = await AppServer.StartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await server.Client.GetAsync("/limited-burst")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Redis_unreachable_fails_open_by_default_without_waiting()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: """ "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });

        for (var i = 0; i < 5; i++)
        {
            var response = await server.Client.GetAsync("/limited-short");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("3", Header(response, "RateLimit-Limit"));
            Assert.False(response.Headers.Contains("RateLimit-Remaining"));
        }

        Assert.Equal(5, server.Services.GetRequiredService<RateLimitGate>().StoreFailures);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/_health/ready")).StatusCode);
    }

    [Fact]
    public async Task Redis_unreachable_fails_closed_when_configured()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: """ "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "rateLimit": { "onStoreFailure": "Closed" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });

        var problem = await Problem.ReadAsync(await server.Client.GetAsync("/limited-short"), HttpStatusCode.ServiceUnavailable);
        var unlimited = await server.Client.GetAsync("/hello");

        Assert.Equal("rate_limiter_unavailable", problem.Code);
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
    }

    private static Task<AppServer> StartAsync(string extraConfig = "") =>
        AppServer.StartAsync(
            extraConfig: extraConfig,
            variables: new Hashtable { ["REDIS_URL"] = TestServices.RedisUrl },
            name: $"rl-{Guid.NewGuid():N}");

    private static Task<HttpResponseMessage> GetAs(AppServer server, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return server.Client.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
