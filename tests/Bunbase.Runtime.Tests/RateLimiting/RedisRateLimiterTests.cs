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
        var limiters = new[] { new RedisRateLimiter(first, TimeSpan.FromSeconds(5)), new RedisRateLimiter(second, TimeSpan.FromSeconds(5)) };
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
        var rule = InMemoryRateLimiterTests.Rule(2, "1s");
        await using var redis = await TestServices.ConnectRedisAsync();
        var limiter = new RedisRateLimiter(redis, TimeSpan.FromSeconds(5));

        var first = await limiter.AcquireAsync(key, rule, default);
        await limiter.AcquireAsync(key, rule, default);
        var refused = await limiter.AcquireAsync(key, rule, default);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);

        Assert.Equal((true, 1), (first.Allowed, first.Remaining));
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_unreachable_redis_is_reported_as_unavailable_within_the_timeout()
    {
        await using var nowhere = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=200");
        var limiter = new RedisRateLimiter(nowhere, TimeSpan.FromMilliseconds(200));

        var decision = await limiter.AcquireAsync("k", InMemoryRateLimiterTests.Rule(1, "1m"), default);

        Assert.True(decision.StoreUnavailable);
    }
}
