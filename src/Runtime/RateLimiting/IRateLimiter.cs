namespace Bunbase.Runtime.RateLimiting;

/// <summary>Decides whether one more request under a key fits its rule (GCRA), atomically.</summary>
internal interface IRateLimiter
{
    ValueTask<RateLimitDecision> AcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken);
}
