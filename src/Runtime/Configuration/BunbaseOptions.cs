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

    /// <summary>JSON request bodies (<c>json.*</c>).</summary>
    public JsonBodyOptions Json { get; set; } = new();

    /// <summary>
    /// On SIGTERM, how long the instance keeps serving, not ready and answering <c>Connection: close</c>,
    /// before it stops accepting connections, in milliseconds: the time a load balancer needs to move its
    /// kept-alive connections elsewhere. Less than <c>shutdownTimeoutMs</c> (it is spent from it).
    /// </summary>
    /// <value>The default is 0 (stop accepting at once): set it behind a proxy (the shipped deploy files use 5,000).</value>
    [Range(0, 600_000)]
    public int ShutdownDrainMs { get; set; }

    /// <summary>The OpenAPI document (<c>openapi.*</c>).</summary>
    public OpenApiOptions OpenApi { get; set; } = new();

    /// <summary>The interactive docs page (<c>docs.*</c>).</summary>
    public DocsOptions Docs { get; set; } = new();

    /// <summary>Cross-origin calls from browsers (<c>cors.*</c>).</summary>
    public CorsOptions Cors { get; set; } = new();

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

    /// <summary>Job queue and cron (<c>queue.*</c>).</summary>
    public QueueOptions Queue { get; set; } = new();

    /// <summary>Event subscribers (<c>subscriptions.*</c>).</summary>
    public SubscriptionOptions Subscriptions { get; set; } = new();

    /// <summary>The event store (<c>events.*</c>).</summary>
    public EventsOptions Events { get; set; } = new();

    /// <summary>Realtime channels over SSE and WebSocket.</summary>
    public RealtimeOptions Realtime { get; set; } = new();

    /// <summary>The action-run log (<c>persistence.*</c>).</summary>
    public PersistenceOptions Persistence { get; set; } = new();

    /// <summary>Metrics, traces and logs (<c>observability.*</c>).</summary>
    public ObservabilityOptions Observability { get; set; } = new();

    /// <summary>Sessions, guards and passwords (<c>auth.*</c>).</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>The operator endpoints under <c>/_admin</c> (<c>admin.*</c>).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Actions as MCP tools (<c>mcp.*</c>).</summary>
    public McpOptions Mcp { get; set; } = new();

    /// <summary>Mail sent by <c>ctx.Mail</c> (<c>mail.*</c>).</summary>
    public MailOptions Mail { get; set; } = new();

    /// <summary>Files kept by <c>ctx.Storage</c> (<c>storage.*</c>).</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The accounts module (<c>accounts.*</c>).</summary>
    public AccountsOptions Accounts { get; set; } = new();

    /// <summary>Inbound and outbound webhooks (<c>webhooks.*</c>).</summary>
    public WebhooksOptions Webhooks { get; set; } = new();
}
