using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Checks an inbound delivery against its webhook's scheme: the headers are there, the timestamp is
/// within the tolerance, the signature is the secret's (compared in constant time), the delivery id is
/// usable. Throws a <see cref="WebhookRefusal"/> otherwise. The body is read as JSON only once its
/// signature passed (the Stripe shape's id).
/// </summary>
internal static class WebhookVerifier
{
    public const int MaxIdLength = 200;

    public static VerifiedDelivery Verify(InboundWebhook webhook, IHeaderDictionary headers, byte[] body, DateTimeOffset now)
    {
        var key = webhook.Key ?? throw new ActionException(503, "webhook_not_configured", $"The webhook '{webhook.Name}' has no secret configured yet.");
        return webhook.Scheme switch
        {
            WebhookScheme.HmacSha256 => Hex(webhook, key, headers, body),
            WebhookScheme.TimestampedHmacSha256 => Timestamped(webhook, key, headers, body, now),
            _ => Standard(webhook, key, headers, body, now),
        };
    }

    private static VerifiedDelivery Standard(InboundWebhook webhook, byte[] key, IHeaderDictionary headers, byte[] body, DateTimeOffset now)
    {
        var id = One(headers, StandardWebhookSignature.IdHeader);
        var timestampText = One(headers, StandardWebhookSignature.TimestampHeader);
        var signature = One(headers, StandardWebhookSignature.SignatureHeader);
        Require((StandardWebhookSignature.IdHeader, id), (StandardWebhookSignature.TimestampHeader, timestampText), (StandardWebhookSignature.SignatureHeader, signature));
        var timestamp = Timestamp(webhook, timestampText!, now);
        if (!StandardWebhookSignature.Verify(key, id!, timestamp.ToUnixTimeSeconds(), body, signature!))
            throw WebhookRefusal.BadSignature();
        return new VerifiedDelivery(CheckId(id!), timestamp);
    }

    private static VerifiedDelivery Hex(InboundWebhook webhook, byte[] key, IHeaderDictionary headers, byte[] body)
    {
        var signature = One(headers, webhook.SignatureHeader!);
        var id = One(headers, webhook.IdHeader!);
        Require((webhook.SignatureHeader!, signature), (webhook.IdHeader!, id));
        var prefix = webhook.SignaturePrefix ?? "";
        if (!signature!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header must start with '{prefix}'.");
        if (!HexSignature.Verify(key, body, signature.AsSpan(prefix.Length).Trim()))
            throw WebhookRefusal.BadSignature();
        return new VerifiedDelivery(CheckId(id!), null);
    }

    private static VerifiedDelivery Timestamped(InboundWebhook webhook, byte[] key, IHeaderDictionary headers, byte[] body, DateTimeOffset now)
    {
        var header = One(headers, webhook.SignatureHeader!);
        string? id = webhook.IdHeader is { } idHeader ? One(headers, idHeader) : null;
        if (webhook.IdHeader is not null)
            Require((webhook.SignatureHeader!, header), (webhook.IdHeader, id));
        else
            Require((webhook.SignatureHeader!, header));
        string? timestampText = null;
        var signatures = new List<string>();
        foreach (var part in header!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
                timestampText = part[2..];
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
                signatures.Add(part[3..]);
        }

        if (timestampText is null || signatures.Count == 0)
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header must hold t=TIMESTAMP and at least one v1=SIGNATURE.");
        var timestamp = Timestamp(webhook, timestampText, now);
        var signed = new byte[timestampText.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestampText, signed);
        signed[timestampText.Length] = (byte)'.';
        body.CopyTo(signed, timestampText.Length + 1);
        var matched = false;
        foreach (var signature in signatures)
            matched |= HexSignature.Verify(key, signed, signature);
        if (!matched)
            throw WebhookRefusal.BadSignature();
        return new VerifiedDelivery(CheckId(id ?? BodyId(body)), timestamp);
    }

    /// <summary>The body's top-level <c>id</c> (Stripe's event id): the delivery id when no header names one.</summary>
    private static string BodyId(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String)
                return id.GetString()!;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or an id whose escapes are not valid Unicode (see Foundation.JsonText).
        }

        throw WebhookRefusal.BadId("The delivery's body must be a JSON object with a string id.");
    }

    private static DateTimeOffset Timestamp(InboundWebhook webhook, string text, DateTimeOffset now)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
            throw WebhookRefusal.Malformed("The timestamp must be whole seconds since the Unix epoch.");
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - timestamp).Duration() > webhook.Tolerance)
            throw WebhookRefusal.Stale(webhook.Tolerance);
        return timestamp;
    }

    private static string CheckId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.Any(char.IsControl)
            ? id
            : throw WebhookRefusal.BadId($"The delivery id must be 1 to {MaxIdLength} characters without control characters.");

    /// <summary>The header's value when it was sent once (a repeated header counts as missing: it is ambiguous).</summary>
    private static string? One(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 && values[0] is { Length: > 0 } value ? value : null;

    private static void Require(params (string Name, string? Value)[] headers)
    {
        if (headers.Any(h => h.Value is null))
            throw WebhookRefusal.MissingHeaders(headers.Where(h => h.Value is null).Select(h => h.Name));
    }
}
