namespace Bunbase.Runtime.Webhooks;

/// <summary>One attempt of a delivery: its outcome, response code, duration, error and the first bytes of the response body.</summary>
internal sealed record WebhookAttemptInfo(
    string DeliveryId,
    int Attempt,
    bool Succeeded,
    int? ResponseCode,
    double DurationMs,
    string? Error,
    string? ResponseBody,
    DateTimeOffset AttemptedAt);
