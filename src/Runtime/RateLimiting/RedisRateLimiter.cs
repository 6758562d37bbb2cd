using System.Collections.Concurrent;
using Bunbase.Runtime.Observability;
using StackExchange.Redis;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>
/// GCRA in one atomic Redis round trip (a Lua script, EVALSHA after the first call). The key holds
/// the "theoretical arrival time" in milliseconds of Redis's own clock, so every instance shares
/// one clock, and it expires once the allowance is full again: idle callers cost no memory.
/// </summary>
/// <remarks>
/// While a caller has plenty of allowance left, a call reserves a small batch of tokens and spends
/// the rest locally for up to <see cref="ReservationLifetime"/>, so a busy caller does not cost a
/// round trip per request. Every allowed request has consumed a token in Redis, so the limit can
/// never be exceeded across instances; near the limit the batch is one token, which keeps the
/// count exact. Tokens reserved and not used in time are simply not used (conservative).
/// No request waits longer than <c>redis.timeoutMs</c>: past it the store counts as unavailable.
/// </remarks>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, TimeSpan timeout, TimeProvider clock) : IRateLimiter
{
    /// <summary>The batch is at most this many tokens, and only a 1/<see cref="BatchDivisor"/> share of what remains.</summary>
    internal const int MaxBatch = 64;

    internal const int BatchDivisor = 64;

    internal static readonly TimeSpan ReservationLifetime = TimeSpan.FromMilliseconds(500);

    private const int MaxReservations = 10_000;

    private static readonly LuaScript Gcra = LuaScript.Prepare("""
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local interval = tonumber(@interval)
        local period = tonumber(@period)
        local tat = tonumber(redis.call('GET', @key) or now)
        if tat < now then tat = now end
        -- the batch when it fits, else a single token
        local cost = tonumber(@cost)
        if tat + interval * cost - period > now then cost = 1 end
        local next_tat = tat + interval * cost
        local allow_at = next_tat - period
        if allow_at > now then
          return {0, 0, allow_at - now, tat - now}
        end
        redis.call('SET', @key, next_tat, 'PX', math.max(1, math.ceil(next_tat - now)))
        -- the epsilon absorbs float error when the interval does not divide the period
        return {cost, math.floor((period - (next_tat - now)) / interval + 1e-6), 0, next_tat - now}
        """);

    private readonly ConcurrentDictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);

    public async ValueTask<RateLimitDecision> AcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var reservation = _reservations.GetValueOrDefault(key);
        if (reservation is not null && reservation.TryTake(now, out var remaining))
            return new RateLimitDecision(true, remaining, TimeSpan.Zero, TimeSpan.FromTicks(Math.Max(0, reservation.ResetAt - now)));

        var batch = reservation is null ? 1 : Math.Clamp(reservation.RemainingInStore / BatchDivisor, 1, MaxBatch);
        using var span = RedisSpans.Start("EVALSHA");
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Gcra, new
            {
                key = (RedisKey)key,
                interval = rule.Interval.TotalMilliseconds,
                period = rule.Period.TotalMilliseconds,
                cost = batch,
            }).WaitAsync(timeout, cancellationToken).ConfigureAwait(false))!;

            var granted = (int)(long)result[0];
            var left = (int)(long)result[1];
            var resetAfter = TimeSpan.FromMilliseconds((double)result[3]);
            if (granted == 0)
                return new RateLimitDecision(false, 0, TimeSpan.FromMilliseconds((double)result[2]), resetAfter);

            // Recorded even with no spare token: the next batch is sized from what Redis says remains.
            Reserve(key, granted - 1, left, now, now + resetAfter.Ticks);
            return new RateLimitDecision(true, left + granted - 1, TimeSpan.Zero, resetAfter);
        }
        catch (Exception ex) when ((ex is RedisException or TimeoutException) && !RedisSpans.Fail(span, ex))
        {
            return RateLimitDecision.Unavailable;
        }
    }

    /// <summary>
    /// Adds granted tokens to the caller's live reservation: concurrent misses (many requests finding
    /// it empty at once) each add their batch instead of replacing one another's.
    /// </summary>
    private void Reserve(string key, int tokens, int remainingInStore, long now, long resetAt)
    {
        var expiresAt = now + ReservationLifetime.Ticks;
        var added = false;

        // Not AddOrUpdate: its update delegate may run more than once, and adding tokens twice would exceed the limit.
        while (true)
        {
            if (_reservations.TryGetValue(key, out var live) && live.ExpiresAt > now)
            {
                live.Add(tokens, remainingInStore, expiresAt, resetAt);
                break;
            }

            var fresh = new Reservation(tokens, remainingInStore, expiresAt, resetAt);
            if (live is null ? _reservations.TryAdd(key, fresh) : _reservations.TryUpdate(key, fresh, live))
            {
                added = live is null;
                break;
            }
        }

        if (!added || _reservations.Count <= MaxReservations)
            return;
        foreach (var (staleKey, stale) in _reservations)
        {
            if (stale.ExpiresAt <= now)
                _reservations.TryRemove(new KeyValuePair<string, Reservation>(staleKey, stale));
        }
    }

    /// <summary>Tokens already consumed in Redis on this instance's behalf, spent locally until they expire.</summary>
    private sealed class Reservation(int tokens, int remainingInStore, long expiresAt, long resetAt)
    {
        private int _tokens = tokens;
        private long _expiresAt = expiresAt;

        // Estimates for the response headers; a stale read only shifts a header by a few.
        public int RemainingInStore { get; private set; } = remainingInStore;

        public long ResetAt { get; private set; } = resetAt;

        public long ExpiresAt => Interlocked.Read(ref _expiresAt);

        public bool TryTake(long now, out int remaining)
        {
            remaining = 0;
            if (now >= ExpiresAt)
                return false;
            while (true)
            {
                var tokens = Volatile.Read(ref _tokens);
                if (tokens <= 0)
                    return false;
                if (Interlocked.CompareExchange(ref _tokens, tokens - 1, tokens) != tokens)
                    continue;
                remaining = RemainingInStore + tokens - 1;
                return true;
            }
        }

        public void Add(int tokens, int remainingInStore, long expiresAt, long resetAt)
        {
            Interlocked.Add(ref _tokens, tokens);
            Interlocked.Exchange(ref _expiresAt, expiresAt);
            RemainingInStore = Math.Min(RemainingInStore, remainingInStore);
            ResetAt = Math.Max(ResetAt, resetAt);
        }
    }
}
