using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Bunbase.Cli.Tests.RateLimiting;

/// <summary>Rate limits across real runtime processes sharing one Redis.</summary>
public sealed class RateLimitProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-rl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Two_processes_and_64_clients_allow_exactly_the_limit_in_total()
    {
        var redisUrl = Environment.GetEnvironmentVariable("BUNBASE_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";
        var name = $"rl2-{Guid.NewGuid():N}";
        using var first = StartApp(name, redisUrl, out var firstAddress);
        using var second = StartApp(name, redisUrl, out var secondAddress);
        Assert.True(await first.WaitUntilServingAsync(new Uri(firstAddress, "/_health/ready"), TimeSpan.FromSeconds(60)), first.Output);
        Assert.True(await second.WaitUntilServingAsync(new Uri(secondAddress, "/_health/ready"), TimeSpan.FromSeconds(60)), second.Output);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new ConcurrentBag<(HttpStatusCode Status, bool HasHeaders)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            var address = i % 2 == 0 ? firstAddress : secondAddress;
            using var response = await client.GetAsync(new Uri(address, "/limited"), cancellationToken);
            var hasHeaders = response.Headers.Contains("RateLimit-Limit") && response.Headers.Contains("RateLimit-Remaining") && response.Headers.Contains("RateLimit-Reset");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                hasHeaders &= response.Headers.RetryAfter?.Delta > TimeSpan.Zero;
            statuses.Add((response.StatusCode, hasHeaders));
        });

        Assert.Equal(20, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.Equal(380, statuses.Count(s => s.Status == HttpStatusCode.TooManyRequests));
        Assert.All(statuses, s => Assert.True(s.HasHeaders));
    }

    [Fact]
    public async Task Redis_stopped_mid_load_and_restarted_serves_by_policy_then_limits_again()
    {
        var port = ChildProcess.FreePort();
        using var redis = StartRedis(port);
        var redisUrl = $"redis://127.0.0.1:{port}";
        using var app = StartApp($"rlr-{Guid.NewGuid():N}", redisUrl, out var address);
        Assert.True(await app.WaitUntilServingAsync(new Uri(address, "/_health/ready"), TimeSpan.FromSeconds(60)), app.Output);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        // Limited while Redis is up. The first call to Redis is made on another rule: one that took
        // longer than redis.timeoutMs on a busy machine would be served by policy, not counted.
        await Statuses(client, "/tenants/warm-up/limited", 1);
        var before = await Statuses(client, "/limited-burst", 5);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], before);

        // Stopped: fail-open serves every request, and none waits for Redis (the client timeout would throw).
        redis.Kill();
        var during = await Statuses(client, "/limited-burst", 40);
        Assert.All(during, s => Assert.Equal(HttpStatusCode.OK, s));

        // Restarted (empty): the limit holds again once the connection is back (bounded wait).
        using var restarted = StartRedis(port);
        var limitedAgain = false;
        for (var attempt = 0; attempt < 60 && !limitedAgain; attempt++)
        {
            limitedAgain = (await Statuses(client, "/limited-burst", 5)).Contains(HttpStatusCode.TooManyRequests);
            if (!limitedAgain)
                await Task.Delay(500);
        }

        Assert.True(limitedAgain, app.Output);
    }

    private static async Task<List<HttpStatusCode>> Statuses(HttpClient client, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private ChildProcess StartApp(string name, string redisUrl, out Uri address)
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(config, $$"""{ "name": "{{name}}", "host": "127.0.0.1", "port": {{port}}, "redis": { "timeoutMs": 200, "connectTimeoutMs": 500 } }""");
        address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var environment = new Dictionary<string, string> { ["REDIS_URL"] = redisUrl, ["BUNBASE__AUTH__SESSIONSECRET"] = RepositoryPaths.SessionSecret };
        return ChildProcess.Start(_directory, environment, RepositoryPaths.TestAppAssembly, "--config", config);
    }

    private static ChildProcess StartRedis(int port) =>
        ChildProcess.StartProgram("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"]);
}
