using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Redis;

/// <summary>
/// What this instance does without Redis, from its documented store-failure policies: rate limits
/// (<c>rateLimit.onStoreFailure</c>, when an action is rate limited) and sessions and sign-in
/// (<c>auth.onStoreFailure</c>, when sessions are configured). Redis being down leaves the instance
/// unready when one of them is <c>Closed</c>, and degraded otherwise. <c>ctx.Kv</c> has no policy and
/// does not count: its calls fail while Redis is down either way.
/// </summary>
internal sealed record RedisReliance(HealthStatus WhenDown, string Description)
{
    public static RedisReliance From(BunbaseOptions options, bool hasRateLimits, bool hasSessions)
    {
        var closed = new List<string>();
        var open = new List<string>();
        if (hasRateLimits)
            (options.RateLimit.OnStoreFailure == RateLimitFailurePolicy.Closed ? closed : open).Add($"rate limits (rateLimit.onStoreFailure {options.RateLimit.OnStoreFailure})");
        if (hasSessions)
            (options.Auth.OnStoreFailure == SessionStoreFailurePolicy.Closed ? closed : open).Add($"sessions and sign-in (auth.onStoreFailure {options.Auth.OnStoreFailure})");
        if (closed.Count > 0)
            return new(HealthStatus.Unhealthy, "refused without it: " + string.Join(", ", closed));
        return new(HealthStatus.Degraded, open.Count > 0 ? "served by policy: " + string.Join(", ", open) : "nothing served depends on it");
    }
}
