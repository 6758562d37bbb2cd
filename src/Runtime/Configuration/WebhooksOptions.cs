using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Inbound and outbound webhooks (<c>webhooks.*</c>).</summary>
public sealed class WebhooksOptions
{
    /// <summary>The inbound webhooks' secrets, by name (<c>[{ "name": "github", "secret": "..." }]</c>).</summary>
    /// <value>The default is none.</value>
    public WebhookSecretOptions[] Secrets { get; set; } = [];

    /// <summary>How far an inbound delivery's signed timestamp may be from now, in milliseconds (older or newer is refused as a replay).</summary>
    /// <value>The default is 300,000 (5 minutes).</value>
    [Range(1_000, 86_400_000)]
    public int ToleranceMs { get; set; } = 300_000;

    /// <summary>How long an inbound delivery id is remembered, in milliseconds: the same id again within it is refused.</summary>
    /// <value>The default is 86,400,000 (24 hours).</value>
    [Range(1_000, 2_592_000_000)]
    public long DedupWindowMs { get; set; } = 86_400_000;

    /// <summary>Whether outbound deliveries may go to loopback, private, link-local and other non-public addresses (development, tests).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The longest one outbound delivery attempt may take (connect, send, the response's headers and the part of its body kept), in milliseconds.</summary>
    /// <value>The default is 10,000.</value>
    [Range(100, 120_000)]
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Attempts of one outbound delivery before it fails for good.</summary>
    /// <value>The default is 8.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay of an outbound delivery, in milliseconds (doubling, with jitter).</summary>
    /// <value>The default is 5,000.</value>
    [Range(1, 86_400_000)]
    public int BackoffMs { get; set; } = 5_000;

    /// <summary>The longest retry delay of an outbound delivery, in milliseconds.</summary>
    /// <value>The default is 3,600,000 (1 hour).</value>
    [Range(1, 86_400_000)]
    public int MaxBackoffMs { get; set; } = 3_600_000;

    /// <summary>Failed attempts in a row (across its deliveries) after which an endpoint is disabled; a success resets the count.</summary>
    /// <value>The default is 50.</value>
    [Range(1, 100_000)]
    public int DisableAfterFailures { get; set; } = 50;

    /// <summary>How many bytes of an endpoint's response body are kept in the delivery log.</summary>
    /// <value>The default is 1,024.</value>
    [Range(0, 65_536)]
    public int ResponseBodyBytes { get; set; } = 1_024;

    /// <summary>How long the delivery log is kept, in days.</summary>
    /// <value>The default is 30.</value>
    [Range(1, 3_650)]
    public int RetentionDays { get; set; } = 30;
}
