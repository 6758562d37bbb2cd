using System.Text;
using System.Text.Json;

namespace Bunbase;

/// <summary>
/// The input of a <see cref="WebhookAttribute"/> action: a verified delivery, with its raw body (exactly
/// the bytes that were signed) and the headers the sender sent (names lower-case; signatures left out).
/// </summary>
/// <param name="Webhook">The webhook's name.</param>
/// <param name="DeliveryId">The sender's delivery id (unique within the dedup window).</param>
/// <param name="Timestamp">The signed timestamp, when the scheme has one.</param>
/// <param name="ContentType">The request's content type, if any.</param>
/// <param name="Body">The raw body.</param>
/// <param name="Headers">The request's headers, lower-case names, signature headers removed.</param>
public sealed record WebhookRequest(
    string Webhook,
    string DeliveryId,
    DateTimeOffset? Timestamp,
    string? ContentType,
    byte[] Body,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text() => Encoding.UTF8.GetString(Body);

    /// <summary>The body read as JSON into <typeparamref name="T"/> (web defaults: camelCase, case-insensitive).</summary>
    /// <typeparam name="T">The payload's type.</typeparam>
    /// <exception cref="JsonException">The body is not such JSON.</exception>
    public T? Json<T>() => JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web);
}
