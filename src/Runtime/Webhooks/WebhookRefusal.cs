namespace Bunbase.Runtime.Webhooks;

/// <summary>Why an inbound delivery was refused: a 4xx problem with its code, also the <c>outcome</c> label of <c>bunbase_webhooks_received_total</c>.</summary>
internal sealed class WebhookRefusal(int status, string code, string message) : ActionException(status, code, message)
{
    public static WebhookRefusal NotConfigured(string webhook) =>
        new(503, "webhook_not_configured", $"The webhook '{webhook}' has no secret configured yet.");

    public static WebhookRefusal MissingHeaders(IEnumerable<string> names) =>
        new(400, "webhook_headers_missing", $"The delivery lacks the header(s) {string.Join(", ", names)}.");

    public static WebhookRefusal Malformed(string what) => new(400, "webhook_signature_malformed", what);

    public static WebhookRefusal BadSignature() => new(401, "webhook_signature_invalid", "The signature does not match the body and the webhook's secret.");

    public static WebhookRefusal Stale(TimeSpan tolerance) =>
        new(400, "webhook_timestamp_stale", $"The signed timestamp is more than {tolerance.TotalSeconds:0} seconds from now.");

    public static WebhookRefusal BadId(string what) => new(400, "webhook_id_invalid", what);

    public static WebhookRefusal Replayed() => new(409, "webhook_replayed", "This delivery id was already received.");
}
