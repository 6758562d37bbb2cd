namespace Bunbase;

/// <summary>How an inbound webhook proves it comes from its sender (<see cref="WebhookAttribute.Scheme"/>).</summary>
public enum WebhookScheme
{
    /// <summary>
    /// Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and
    /// <c>webhook-signature: v1,BASE64</c>, an HMAC-SHA256 of <c>id.timestamp.body</c> with the secret
    /// (<c>whsec_BASE64</c>). Several space-separated signatures may be sent (a secret being rotated).
    /// </summary>
    StandardWebhooks,

    /// <summary>
    /// An HMAC-SHA256 of the raw body, in hexadecimal, in one header after a prefix: GitHub's
    /// <c>X-Hub-Signature-256: sha256=HEX</c> by default (<see cref="WebhookAttribute.SignatureHeader"/>,
    /// <see cref="WebhookAttribute.SignaturePrefix"/>). The delivery id comes from <see cref="WebhookAttribute.IdHeader"/>;
    /// there is no timestamp, so only the delivery id guards against replays.
    /// </summary>
    HmacSha256,

    /// <summary>
    /// Stripe's shape: <c>Stripe-Signature: t=UNIX,v1=HEX[,v1=HEX]</c>, an HMAC-SHA256 of <c>t.body</c>
    /// in hexadecimal; the delivery id is the JSON body's <c>id</c> (or <see cref="WebhookAttribute.IdHeader"/> when set).
    /// </summary>
    TimestampedHmacSha256,
}
