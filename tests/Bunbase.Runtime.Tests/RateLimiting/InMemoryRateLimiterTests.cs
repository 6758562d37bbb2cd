using Bunbase.Runtime.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.RateLimiting;

public sealed class InMemoryRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_burst_gets_exactly_the_limit_then_429_with_retry_after()
    {
        var limiter = new InMemoryRateLimiter(_clock, maxKeys: 1000);
        var rule = Rule(5, "10s");

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 8; i++)
            decisions.Add(await limiter.AcquireAsync("k", rule, default));

        Assert.Equal([true, true, true, true, true, false, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal([4, 3, 2, 1, 0], decisions.Take(5).Select(d => d.Remaining));
        Assert.Equal(TimeSpan.FromSeconds(2), decisions[5].RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), decisions[5].ResetAfter);
    }

    [Fact]
    public async Task The_allowance_comes_back_with_time()
    {
        var limiter = new InMemoryRateLimiter(_clock, maxKeys: 1000);
        var rule = Rule(5, "10s");
        for (var i = 0; i < 5; i++)
            await limiter.AcquireAsync("k", rule, default);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await limiter.AcquireAsync("k", rule, default)).Allowed);
        Assert.False((await limiter.AcquireAsync("k", rule, default)).Allowed);

        _clock.Advance(TimeSpan.FromSeconds(10));
        var full = await limiter.AcquireAsync("k", rule, default);
        Assert.True(full.Allowed);
        Assert.Equal(4, full.Remaining);
    }

    [Fact]
    public async Task Keys_are_independent()
    {
        var limiter = new InMemoryRateLimiter(_clock, maxKeys: 1000);
        var rule = Rule(1, "1m");

        Assert.True((await limiter.AcquireAsync("a", rule, default)).Allowed);
        Assert.True((await limiter.AcquireAsync("b", rule, default)).Allowed);
        Assert.False((await limiter.AcquireAsync("a", rule, default)).Allowed);
    }

    [Fact]
    public async Task Concurrent_callers_get_exactly_the_limit()
    {
        var limiter = new InMemoryRateLimiter(_clock, maxKeys: 1000);
        var rule = Rule(100, "1h");
        var allowed = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), async (_, cancellationToken) =>
        {
            if ((await limiter.AcquireAsync("k", rule, cancellationToken)).Allowed)
                Interlocked.Increment(ref allowed);
        });

        Assert.Equal(100, allowed);
    }

    [Fact]
    public async Task Memory_stays_bounded_as_idle_callers_expire()
    {
        var limiter = new InMemoryRateLimiter(_clock, maxKeys: 100);
        var rule = Rule(10, "1s");

        for (var i = 0; i < 5000; i++)
        {
            await limiter.AcquireAsync($"caller-{i}", rule, default);
            if (i % 50 == 0)
                _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(limiter.TrackedKeys, 1, 101);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    public void Periods_parse(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Bunbase.Runtime.Configuration.DurationText.Parse(text));

    [Theory]
    [InlineData("1 m")]
    [InlineData("0s")]
    [InlineData("m")]
    [InlineData("1w")]
    public void Bad_periods_do_not_parse(string text) => Assert.Null(Bunbase.Runtime.Configuration.DurationText.Parse(text));

    internal static RateLimitRule Rule(int limit, string per) =>
        RateLimitRule.For(typeof(object), typeof(object), limit, per, [], "test")!;
}
