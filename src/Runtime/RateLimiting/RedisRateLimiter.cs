using StackExchange.Redis;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>
/// GCRA in one atomic Redis round trip (a Lua script, EVALSHA after the first call). The key holds
/// the "theoretical arrival time" in milliseconds of Redis's own clock, so every instance shares
/// one clock, and it expires once the allowance is full again: idle callers cost no memory.
/// </summary>
/// <remarks>No request waits longer than <c>redis.timeoutMs</c>: past it the store counts as unavailable.</remarks>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, TimeSpan timeout) : IRateLimiter
{
    private static readonly LuaScript Gcra = LuaScript.Prepare("""
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local interval = tonumber(@interval)
        local period = tonumber(@period)
        local tat = tonumber(redis.call('GET', @key) or now)
        if tat < now then tat = now end
        local next_tat = tat + interval
        local allow_at = next_tat - period
        if allow_at > now then
          return {0, 0, allow_at - now, tat - now}
        end
        redis.call('SET', @key, next_tat, 'PX', math.max(1, math.ceil(next_tat - now)))
        -- the epsilon absorbs float error when the interval does not divide the period
        return {1, math.floor((period - (next_tat - now)) / interval + 1e-6), 0, next_tat - now}
        """);

    public async ValueTask<RateLimitDecision> AcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Gcra, new
            {
                key = (RedisKey)key,
                interval = rule.Interval.TotalMilliseconds,
                period = rule.Period.TotalMilliseconds,
            }).WaitAsync(timeout, cancellationToken).ConfigureAwait(false))!;
            return new RateLimitDecision(
                Allowed: (long)result[0] == 1,
                Remaining: (int)(long)result[1],
                RetryAfter: TimeSpan.FromMilliseconds((double)result[2]),
                ResetAfter: TimeSpan.FromMilliseconds((double)result[3]));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return RateLimitDecision.Unavailable;
        }
    }
}
