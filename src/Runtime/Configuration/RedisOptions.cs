using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Redis settings (<c>redis.*</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>The Redis URL (<c>redis://[:password@]host:port[/db]</c>, or <c>rediss://</c> for TLS); also <c>REDIS_URL</c>.</summary>
    /// <value>The default is none: in-process stores are used.</value>
    [AbsoluteUrl("must be a URL such as redis://host:6379, redis://:password@host:6379/0 or rediss://host:6380 (TLS)", "redis", "rediss")]
    public string? Url { get; set; }

    /// <summary>The longest a request waits on one Redis command, in milliseconds.</summary>
    /// <value>The default is 250.</value>
    [Range(10, 60_000)]
    public int TimeoutMs { get; set; } = 250;

    /// <summary>How long one connection attempt may take, in milliseconds (reconnection is automatic).</summary>
    /// <value>The default is 2,000.</value>
    [Range(100, 60_000)]
    public int ConnectTimeoutMs { get; set; } = 2_000;
}
