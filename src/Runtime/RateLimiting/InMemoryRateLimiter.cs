using System.Collections.Concurrent;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>
/// GCRA in process, used when Redis is not configured (limits then hold per instance). Memory is
/// bounded: an idle caller's entry is worthless once its allowance is full again, and past
/// <c>maxKeys</c> such entries are swept, then the ones closest to full.
/// </summary>
internal sealed class InMemoryRateLimiter(TimeProvider clock, int maxKeys) : IRateLimiter
{
    private readonly ConcurrentDictionary<string, long> _theoreticalArrival = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    public int TrackedKeys => _theoreticalArrival.Count;

    public ValueTask<RateLimitDecision> AcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var interval = rule.Interval.Ticks;
        var period = rule.Period.Ticks;
        while (true)
        {
            var exists = _theoreticalArrival.TryGetValue(key, out var stored);
            var tat = exists ? Math.Max(stored, now) : now;
            var next = tat + interval;
            var allowAt = next - period;
            if (allowAt > now)
                return ValueTask.FromResult(new RateLimitDecision(false, 0, TimeSpan.FromTicks(allowAt - now), TimeSpan.FromTicks(tat - now)));

            var written = exists ? _theoreticalArrival.TryUpdate(key, next, stored) : _theoreticalArrival.TryAdd(key, next);
            if (!written)
                continue;
            if (!exists && _theoreticalArrival.Count > maxKeys)
                Sweep(now);
            // The epsilon absorbs rounding when the interval does not divide the period (3 per 2s), as in the Redis script.
            var remaining = (int)Math.Floor(((double)(period - (next - now)) / interval) + 1e-6);
            return ValueTask.FromResult(new RateLimitDecision(true, remaining, TimeSpan.Zero, TimeSpan.FromTicks(next - now)));
        }
    }

    private void Sweep(long now)
    {
        if (!_sweep.TryEnter())
            return;
        try
        {
            foreach (var (key, tat) in _theoreticalArrival)
            {
                if (tat <= now)
                    _theoreticalArrival.TryRemove(new KeyValuePair<string, long>(key, tat));
            }

            var excess = _theoreticalArrival.Count - maxKeys;
            if (excess <= 0)
                return;
            foreach (var (key, tat) in _theoreticalArrival.OrderBy(e => e.Value).Take(excess).ToList())
                _theoreticalArrival.TryRemove(new KeyValuePair<string, long>(key, tat));
        }
        finally
        {
            _sweep.Exit();
        }
    }
}
