using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Checks an inbound delivery against its webhook's scheme in two steps. <see cref="ReadHeaders"/> runs before
/// the body is read, so a delivery that cannot be genuine costs no body read: the webhook has a key, the
/// headers are there once each and well formed (a signature that cannot be an HMAC-SHA256 included), the
/// timestamp is within the tolerance, a header's delivery id is usable. <see cref="Verify"/> then checks the signature over the body (compared in constant time). Both
/// throw a <see cref="WebhookRefusal"/>. The body is read as JSON only once its signature passed (the Stripe
/// shape's id).
/// </summary>
internal static class WebhookVerifier
{
    public const int MaxIdLength = 200;

    /// <summary>The most <c>v1=</c> signatures one Stripe-shaped header may hold (one a secret being rotated; senders use one or two).</summary>
    public const int MaxSignatures = 8;

    /// <summary>The delivery's headers, checked; throws the refusal a delivery with these headers gets whatever its body.</summary>
    public static SignedHeaders ReadHeaders(InboundWebhook webhook, IHeaderDictionary headers, DateTimeOffset now)
    {
        _ = webhook.Key ?? throw WebhookRefusal.NotConfigured(webhook.Name);
        return webhook.Scheme switch
        {
            WebhookScheme.HmacSha256 => HexHeaders(webhook, headers),
            WebhookScheme.TimestampedHmacSha256 => TimestampedHeaders(webhook, headers, now),
            _ => StandardHeaders(webhook, headers, now),
        };
    }

    /// <summary>The delivery, when one of the signatures of <paramref name="signed"/> is the secret's over <paramref name="body"/>.</summary>
    public static VerifiedDelivery Verify(InboundWebhook webhook, SignedHeaders signed, byte[] body)
    {
        var key = webhook.Key ?? throw WebhookRefusal.NotConfigured(webhook.Name);
        var matched = webhook.Scheme switch
        {
            WebhookScheme.HmacSha256 => HexSignature.Verify(key, body, signed.Signatures[0]),
            WebhookScheme.TimestampedHmacSha256 => Timestamped(key, signed, body),
            _ => StandardWebhookSignature.Verify(key, signed.Id!, signed.Timestamp!.Value.ToUnixTimeSeconds(), body, signed.Signatures[0]),
        };
        if (!matched)
            throw WebhookRefusal.BadSignature();
        return new VerifiedDelivery(signed.Id ?? CheckId(BodyId(body)), signed.Timestamp);
    }

    private static SignedHeaders StandardHeaders(InboundWebhook webhook, IHeaderDictionary headers, DateTimeOffset now)
    {
        var id = One(headers, StandardWebhookSignature.IdHeader);
        var timestampText = One(headers, StandardWebhookSignature.TimestampHeader);
        var signature = One(headers, StandardWebhookSignature.SignatureHeader);
        Require((StandardWebhookSignature.IdHeader, id), (StandardWebhookSignature.TimestampHeader, timestampText), (StandardWebhookSignature.SignatureHeader, signature));
        var timestamp = Timestamp(webhook, timestampText!, now);
        var checkedId = CheckId(id!);
        if (!StandardWebhookSignature.HasWellFormed(signature!))
            throw WebhookRefusal.Malformed($"The {StandardWebhookSignature.SignatureHeader} header must hold at least one v1,BASE64 signature of {HexSignature.Length} bytes.");
        return new SignedHeaders(checkedId, timestamp, timestampText, [signature!]);
    }

    private static SignedHeaders HexHeaders(InboundWebhook webhook, IHeaderDictionary headers)
    {
        var signature = One(headers, webhook.SignatureHeader!);
        var id = One(headers, webhook.IdHeader!);
        Require((webhook.SignatureHeader!, signature), (webhook.IdHeader!, id));
        var prefix = webhook.SignaturePrefix ?? "";
        if (!signature!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header must start with '{prefix}'.");
        var checkedId = CheckId(id!);
        var hex = signature[prefix.Length..].Trim();
        if (!HexSignature.IsWellFormed(hex))
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header must hold '{prefix}' and {HexSignature.Length * 2} hexadecimal digits.");
        return new SignedHeaders(checkedId, null, null, [hex]);
    }

    private static SignedHeaders TimestampedHeaders(InboundWebhook webhook, IHeaderDictionary headers, DateTimeOffset now)
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
        if (signatures.Count > MaxSignatures)
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header holds {signatures.Count} v1 signatures; at most {MaxSignatures} are checked.");
        var timestamp = Timestamp(webhook, timestampText, now);
        var checkedId = id is null ? null : CheckId(id);
        if (!signatures.Any(HexSignature.IsWellFormed))
            throw WebhookRefusal.Malformed($"The {webhook.SignatureHeader} header must hold at least one v1= signature of {HexSignature.Length * 2} hexadecimal digits.");
        return new SignedHeaders(checkedId, timestamp, timestampText, signatures);
    }

    private static bool Timestamped(byte[] key, SignedHeaders signed, byte[] body)
    {
        var timestampText = signed.TimestampText!;
        var data = new byte[timestampText.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestampText, data);
        data[timestampText.Length] = (byte)'.';
        body.CopyTo(data, timestampText.Length + 1);
        // One HMAC of the body, whatever the number of signatures to compare it with.
        Span<byte> expected = stackalloc byte[HexSignature.Length];
        HexSignature.Compute(key, data, expected);
        var matched = false;
        foreach (var signature in signed.Signatures)
            matched |= HexSignature.Matches(expected, signature);
        return matched;
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
