using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// The application's configuration: <c>bunbase.config.json</c>, overridden by the environment
/// (<c>PORT</c>, <c>DATABASE_URL</c>, <c>REDIS_URL</c>, then <c>BUNBASE__SECTION__KEY</c>).
/// Keys are camelCase in the file and matched without regard to case.
/// </summary>
public sealed class BunbaseOptions
{
    /// <summary>The application's name; namespaces keys and labels shared by its instances.</summary>
    /// <value>The default is <c>bunbase-app</c>.</value>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    public string Name { get; set; } = "bunbase-app";

    /// <summary>The application project the <c>bunbase</c> tool builds and runs, relative to the config file.</summary>
    /// <value>The default is the single <c>*.csproj</c> beside the config file.</value>
    public string? Project { get; set; }

    /// <summary>The TCP port to listen on; 0 picks a free one.</summary>
    /// <value>The default is 3000.</value>
    [Range(0, 65535)]
    public int Port { get; set; } = 3000;

    /// <summary>The address to listen on.</summary>
    /// <value>The default is <c>0.0.0.0</c> (every IPv4 interface).</value>
    [Required]
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413.</summary>
    /// <value>The default is 10,485,760 (10 MiB).</value>
    [Range(1, 1L << 40)]
    public long MaxRequestBodySize { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long a graceful shutdown waits for in-flight requests, in milliseconds.</summary>
    /// <value>The default is 30,000.</value>
    [Range(0, 600_000)]
    public int ShutdownTimeoutMs { get; set; } = 30_000;

    /// <summary>The OpenAPI document (<c>openapi.*</c>).</summary>
    public OpenApiOptions OpenApi { get; set; } = new();

    /// <summary>The interactive docs page (<c>docs.*</c>).</summary>
    public DocsOptions Docs { get; set; } = new();

    /// <summary>
    /// Proxies (IP addresses or CIDR networks) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed; from anyone else these headers are ignored.
    /// </summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] TrustedProxies { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>Rate limits (<c>rateLimit.*</c>).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The key-value store (<c>kv.*</c>).</summary>
    public KvOptions Kv { get; set; } = new();

    /// <summary>PostgreSQL settings.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Redis settings.</summary>
    public RedisOptions Redis { get; set; } = new();
}

/// <summary>The OpenAPI document (<c>openapi.*</c>).</summary>
public sealed class OpenApiOptions
{
    /// <summary>Whether the document is served.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the document is served.</summary>
    /// <value>The default is <c>/openapi.json</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*$")]
    public string Path { get; set; } = "/openapi.json";

    /// <summary>The document's title.</summary>
    /// <value>The default is the application's <c>name</c>.</value>
    public string? Title { get; set; }

    /// <summary>The API's version, as the document states it.</summary>
    /// <value>The default is <c>1.0.0</c>.</value>
    [Required]
    public string Version { get; set; } = "1.0.0";
}

/// <summary>The interactive docs page (<c>docs.*</c>): Swagger UI, served from the package with no CDN.</summary>
public sealed class DocsOptions
{
    /// <summary>Whether the page is served (it needs the OpenAPI document).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the page is served.</summary>
    /// <value>The default is <c>/docs</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$")]
    public string Path { get; set; } = "/docs";
}

/// <summary>PostgreSQL settings (<c>database.*</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The primary's connection URL (<c>postgres://user:pass@host:port/db</c>); also <c>DATABASE_URL</c>.</summary>
    /// <value>The default is none: the embedded store is used.</value>
    public string? Url { get; set; }
}

/// <summary>Redis settings (<c>redis.*</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>The Redis URL (<c>redis://[:password@]host:port[/db]</c>, or <c>rediss://</c> for TLS); also <c>REDIS_URL</c>.</summary>
    /// <value>The default is none: in-process stores are used.</value>
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

/// <summary>The key-value store (<c>kv.*</c>).</summary>
public sealed class KvOptions
{
    /// <summary>Prepended to every key.</summary>
    /// <value>The default is <c>{name}:kv:</c>.</value>
    [StringLength(100)]
    public string? Prefix { get; set; }
}
