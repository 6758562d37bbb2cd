namespace Bunbase.Runtime.RateLimiting;

/// <summary>
/// One rate-limit answer. <see cref="ResetAfter"/> is when the caller's allowance is full again;
/// <see cref="RetryAfter"/> (when refused) is when the next request would be allowed.
/// <see cref="StoreUnavailable"/> means no answer could be had in time.
/// </summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter, TimeSpan ResetAfter, bool StoreUnavailable = false)
{
    public static RateLimitDecision Unavailable { get; } = new(false, 0, TimeSpan.Zero, TimeSpan.Zero, StoreUnavailable: true);
}
