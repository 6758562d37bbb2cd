using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Rate limits (<c>rateLimit.*</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>What a rate-limited request gets when Redis cannot be reached in time.</summary>
    /// <value>The default is <see cref="RateLimitFailurePolicy.Open"/>.</value>
    public RateLimitFailurePolicy OnStoreFailure { get; set; } = RateLimitFailurePolicy.Open;

    /// <summary>A limit for every HTTP action without <c>[RateLimit]</c>.</summary>
    /// <value>The default is none.</value>
    [Range(1, int.MaxValue)]
    public int? DefaultLimit { get; set; }

    /// <summary>The period of <see cref="DefaultLimit"/> (<c>30s</c>, <c>1m</c>, <c>1h</c>, <c>1d</c>).</summary>
    /// <value>The default is <c>1m</c>.</value>
    [Required, RegularExpression("^[1-9][0-9]{0,8}(ms|s|m|h|d)$")]
    public string DefaultPer { get; set; } = "1m";

    /// <summary>How many callers the in-process limiter (used without Redis) tracks before it evicts the idlest.</summary>
    /// <value>The default is 100,000.</value>
    [Range(100, 10_000_000)]
    public int MaxInMemoryKeys { get; set; } = 100_000;

    /// <summary>How often a Redis failure is logged at most, in milliseconds (every failure is counted).</summary>
    /// <value>The default is 10,000.</value>
    [Range(100, 3_600_000)]
    public int FailureLogIntervalMs { get; set; } = 10_000;
}

/// <summary>What happens to rate-limited requests while the shared store is unreachable.</summary>
public enum RateLimitFailurePolicy
{
    /// <summary>Serve them (log once per interval and count).</summary>
    Open,

    /// <summary>Refuse them with 503.</summary>
    Closed,
}
