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
        // Redis is up for the whole test: a slow answer is waited for (never served by policy uncounted), and one that never comes is a 503, not an OK.
        const string patient = """ "redis": { "timeoutMs": 5000, "connectTimeoutMs": 5000 }, "rateLimit": { "onStoreFailure": "Closed" } """;
        using var first = StartApp(name, redisUrl, patient, out var firstAddress);
        using var second = StartApp(name, redisUrl, patient, out var secondAddress);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilReadyAsync(first, client, firstAddress);
        await WaitUntilReadyAsync(second, client, secondAddress);

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
        // A short Redis timeout, so that requests while Redis is down do not wait.
        using var app = StartApp($"rlr-{Guid.NewGuid():N}", redisUrl, """ "redis": { "timeoutMs": 200, "connectTimeoutMs": 500 } """, out var address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilReadyAsync(app, client, address);

        // Limited while Redis is up. A call that took longer than the timeout on a busy machine is
        // served by policy, uncounted and without RateLimit-Remaining: only counted answers are compared.
        var before = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.GetAsync("/limited-burst");
            if (response.Headers.Contains("RateLimit-Remaining"))
                before.Add(response.StatusCode);
        }

        Assert.Equal(3, before.Count(s => s == HttpStatusCode.OK));
        Assert.Contains(HttpStatusCode.TooManyRequests, before);

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

    /// <summary>Ready (Redis connected) and past its first call to Redis, made on another rule so it counts against nothing measured.</summary>
    private static async Task WaitUntilReadyAsync(ChildProcess app, HttpClient client, Uri address)
    {
        Assert.True(await app.WaitUntilServingAsync(new Uri(address, "/_health/ready"), TimeSpan.FromSeconds(60)), app.Output);
        var ready = false;
        for (var attempt = 0; attempt < 120 && !ready; attempt++)
        {
            using var response = await client.GetAsync(new Uri(address, "/_health/ready"));
            ready = response.StatusCode == HttpStatusCode.OK;
            if (!ready)
                await Task.Delay(250);
        }

        Assert.True(ready, app.Output);
        using var warmUp = await client.GetAsync(new Uri(address, "/tenants/warm-up/limited"));
    }

    private ChildProcess StartApp(string name, string redisUrl, string redisConfig, out Uri address)
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(config, $$"""{ "name": "{{name}}", "host": "127.0.0.1", "port": {{port}}, {{redisConfig}} }""");
        address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var environment = new Dictionary<string, string> { ["REDIS_URL"] = redisUrl, ["BUNBASE__AUTH__SESSIONSECRET"] = RepositoryPaths.SessionSecret };
        return ChildProcess.Start(_directory, environment, RepositoryPaths.TestAppAssembly, "--config", config);
    }

    private static ChildProcess StartRedis(int port) =>
        ChildProcess.StartProgram("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"]);
}
