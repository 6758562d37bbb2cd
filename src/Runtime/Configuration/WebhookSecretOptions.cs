using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>One inbound webhook's secret (<c>webhooks.secrets[n]</c>), named by <c>[Webhook(Secret = ...)]</c>.</summary>
public sealed class WebhookSecretOptions
{
    /// <summary>The entry's name (by default a webhook's secret is the entry named like the webhook).</summary>
    /// <value>The default is none: required.</value>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string? Name { get; set; }

    /// <summary>
    /// The secret, as the sender gives it: <c>whsec_BASE64</c> for Standard Webhooks (the key is the bytes
    /// after the prefix), the text itself for the HMAC schemes (its UTF-8 bytes, <c>whsec_</c> included, as
    /// Stripe signs). Never logged.
    /// </summary>
    /// <value>The default is none: required.</value>
    [Required]
    public string? Secret { get; set; }
}
