namespace Bunbase;

/// <summary>
/// Serves the action as an inbound webhook at <c>POST /_webhooks/{name}</c>: the request's signature is
/// verified (<see cref="Scheme"/>) with the secret configured under <c>webhooks.secrets</c>, its timestamp
/// checked, its delivery id remembered (a replay is refused), and the action is enqueued as a job
/// (trigger <c>webhook</c>); the sender is answered 202 once the job is durably stored. The action's input
/// is <see cref="WebhookRequest"/> (the raw body, the delivery id, the headers).
/// </summary>
/// <example><code>[Webhook("github", Scheme = WebhookScheme.HmacSha256)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WebhookAttribute : Attribute
{
    /// <summary>Declares the webhook.</summary>
    /// <param name="name">The path segment (<c>/_webhooks/github</c>): 1-64 letters, digits, '-', '_' or '.'.</param>
    public WebhookAttribute(string name) => Name = name;

    /// <summary>The webhook's name and path segment.</summary>
    public string Name { get; }

    /// <summary>The name of the entry of <c>webhooks.secrets</c> that holds the secret.</summary>
    /// <value>The default is the webhook's <see cref="Name"/>.</value>
    public string? Secret { get; set; }

    /// <summary>How requests are signed.</summary>
    /// <value>The default is <see cref="WebhookScheme.StandardWebhooks"/>.</value>
    public WebhookScheme Scheme { get; set; } = WebhookScheme.StandardWebhooks;

    /// <summary>The header that carries the signature, for the HMAC schemes.</summary>
    /// <value>The default is <c>X-Hub-Signature-256</c> for <see cref="WebhookScheme.HmacSha256"/>, <c>Stripe-Signature</c> for <see cref="WebhookScheme.TimestampedHmacSha256"/>.</value>
    public string? SignatureHeader { get; set; }

    /// <summary>The text before the hexadecimal signature, for <see cref="WebhookScheme.HmacSha256"/>.</summary>
    /// <value>The default is <c>sha256=</c>.</value>
    public string? SignaturePrefix { get; set; }

    /// <summary>The header that carries the delivery id, for the HMAC schemes.</summary>
    /// <value>The default is <c>X-GitHub-Delivery</c> for <see cref="WebhookScheme.HmacSha256"/>; none for <see cref="WebhookScheme.TimestampedHmacSha256"/> (the body's <c>id</c>).</value>
    public string? IdHeader { get; set; }

    /// <summary>How far a signed timestamp may be from now, a duration such as <c>5m</c>.</summary>
    /// <value>The default is <c>webhooks.toleranceMs</c> (5 minutes).</value>
    public string? Tolerance { get; set; }

    /// <summary>How long a delivery id is remembered (a second delivery with it is refused), a duration such as <c>24h</c>.</summary>
    /// <value>The default is <c>webhooks.dedupWindowMs</c> (24 hours).</value>
    public string? DedupWindow { get; set; }
}
