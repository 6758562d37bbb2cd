namespace Bunbase.Runtime.Webhooks;

/// <summary>One message's delivery to one endpoint: <c>pending</c>, <c>delivered</c>, <c>failed</c> or <c>skipped</c> (its endpoint disabled or removed).</summary>
internal sealed record WebhookDeliveryInfo(
    string Id,
    string MessageId,
    string EndpointId,
    string Type,
    string Status,
    int Attempts,
    int? ResponseCode,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
