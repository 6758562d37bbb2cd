namespace Bunbase;

/// <summary>
/// Limits how often one caller may invoke the action over HTTP: <paramref name="limit"/> requests
/// per <see cref="Per"/>, shared by every instance when Redis is configured. Over the limit, the
/// caller gets 429 with <c>Retry-After</c>; every response carries <c>RateLimit-Limit</c>,
/// <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c>.
/// </summary>
/// <param name="limit">Requests allowed per period (also the largest burst).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RateLimitAttribute(int limit) : Attribute
{
    /// <summary>Requests allowed per period.</summary>
    public int Limit { get; } = limit;

    /// <summary>The period: a number and a unit, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (<c>30s</c>, <c>1m</c>).</summary>
    /// <value>The default is <c>1m</c>.</value>
    public string Per { get; set; } = "1m";

    /// <summary>Who shares one allowance.</summary>
    /// <value>The default is <see cref="RateLimitKey.UserOrIp"/>.</value>
    public RateLimitKey By { get; set; } = RateLimitKey.UserOrIp;

    /// <summary>With <see cref="RateLimitKey.Input"/>: the input property whose value is the key.</summary>
    public string? InputProperty { get; set; }
}

/// <summary>What identifies a caller for a rate limit.</summary>
public enum RateLimitKey
{
    /// <summary>The signed-in user, else the client IP.</summary>
    UserOrIp,

    /// <summary>The client IP (from <c>X-Forwarded-For</c> only behind configured trusted proxies).</summary>
    Ip,

    /// <summary>The value of an input property (<see cref="RateLimitAttribute.InputProperty"/>), such as a tenant or an email.</summary>
    Input,

    /// <summary>Everyone shares one allowance.</summary>
    Global,
}
