namespace Bunbase.Runtime.Webhooks;

/// <summary>A registered outbound endpoint, as operators see it (the secret only when it was just made, or asked for).</summary>
internal sealed record WebhookEndpointInfo(
    string Id,
    string Url,
    string[] EventTypes,
    string? Description,
    bool Enabled,
    bool Ordered,
    int FailureStreak,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    string? Secret);
