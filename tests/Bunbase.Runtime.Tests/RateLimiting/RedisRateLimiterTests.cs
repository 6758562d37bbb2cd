using Bunbase.Runtime.RateLimiting;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.RateLimiting;

public sealed class RedisRateLimiterTests
{
    [Fact]
    public async Task Concurrent_callers_across_connections_get_exactly_the_limit()
    {
        var key = $"test:rl:{Guid.NewGuid():N}";
        var rule = InMemoryRateLimiterTests.Rule(37, "1h");
        await using var first = await TestServices.ConnectRedisAsync();
        await using var second = await TestServices.ConnectRedisAsync();
        var limiters = new[] { new RedisRateLimiter(first, TimeSpan.FromSeconds(5), TimeProvider.System), new RedisRateLimiter(second, TimeSpan.FromSeconds(5), TimeProvider.System) };
        var allowed = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            var decision = await limiters[i % 2].AcquireAsync(key, rule, cancellationToken);
            Assert.False(decision.StoreUnavailable);
            if (decision.Allowed)
                Interlocked.Increment(ref allowed);
        });

        Assert.Equal(37, allowed);
        await first.GetDatabase().KeyDeleteAsync(key);
    }

    [Fact]
    public async Task A_refusal_says_when_to_retry_and_the_key_expires_when_full_again()
    {
        var key = $"test:rl:{Guid.NewGuid():N}";
        // 2 per hour: a token comes back every 30 minutes, never during the test however slow the machine.
        var rule = InMemoryRateLimiterTests.Rule(2, "1h");
        await using var redis = await TestServices.ConnectRedisAsync();
        var limiter = new RedisRateLimiter(redis, TimeSpan.FromSeconds(5), TimeProvider.System);

        var first = await limiter.AcquireAsync(key, rule, default);
        await limiter.AcquireAsync(key, rule, default);
        var refused = await limiter.AcquireAsync(key, rule, default);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        await redis.GetDatabase().KeyDeleteAsync(key);

        Assert.Equal((true, 1), (first.Allowed, first.Remaining));
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_busy_caller_spends_reserved_batches_and_never_more_than_redis_counted()
    {
        var key = $"test:rl:{Guid.NewGuid():N}";
        // A long period: the allowance refills by about one token per 2.6 s, negligible here.
        var rule = InMemoryRateLimiterTests.Rule(1_000_000, "30d");
        await using var redis = await TestServices.ConnectRedisAsync();
        var limiter = new RedisRateLimiter(redis, TimeSpan.FromSeconds(5), TimeProvider.System);

        var remaining = new List<int>();
        for (var i = 0; i < 2000; i++)
        {
            var decision = await limiter.AcquireAsync(key, rule, default);
            Assert.True(decision.Allowed);
            remaining.Add(decision.Remaining);
        }

        // What Redis has consumed: the stored arrival time, in intervals ahead of now.
        var ttl = (await redis.GetDatabase().KeyTimeToLiveAsync(key))!.Value;
        var consumedInRedis = (int)Math.Round(ttl.TotalMilliseconds / rule.Interval.TotalMilliseconds);
        Assert.InRange(consumedInRedis, 2000 - 3, 2000 + RedisRateLimiter.MaxBatch);
        Assert.InRange(remaining[^1], 1_000_000 - 2000 - RedisRateLimiter.MaxBatch, 1_000_000 - 2000 + 3);
        await redis.GetDatabase().KeyDeleteAsync(key);
    }

    [Fact]
    public async Task An_unreachable_redis_is_reported_as_unavailable_within_the_timeout()
    {
        await using var nowhere = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=200");
        var limiter = new RedisRateLimiter(nowhere, TimeSpan.FromMilliseconds(200), TimeProvider.System);

        var decision = await limiter.AcquireAsync("k", InMemoryRateLimiterTests.Rule(1, "1m"), default);

        Assert.True(decision.StoreUnavailable);
    }
}
