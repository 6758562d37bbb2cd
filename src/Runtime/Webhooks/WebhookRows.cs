namespace Bunbase.Runtime.Webhooks;

/// <summary>Rows as both engines return them (flags and times are integers), turned into the records operators see.</summary>
internal static class WebhookRows
{
    public static WebhookEndpointInfo Endpoint(EndpointRow row, bool withSecret) => new(
        row.Id,
        row.Url,
        row.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        row.Description,
        row.Enabled != 0,
        row.Ordered != 0,
        (int)row.FailureStreak,
        row.DisabledReason,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        withSecret ? row.Secret : null);

    public static WebhookDeliveryInfo Delivery(DeliveryRow row) => new(
        row.Id,
        row.MessageId,
        row.EndpointId,
        row.Type,
        row.Status,
        (int)row.Attempts,
        row.ResponseCode is { } code ? (int)code : null,
        row.Error,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));

    public static WebhookAttemptInfo Attempt(AttemptRow row) => new(
        row.DeliveryId,
        (int)row.Attempt,
        row.Succeeded != 0,
        row.ResponseCode is { } code ? (int)code : null,
        row.DurationMs,
        row.Error,
        row.ResponseBody,
        DateTimeOffset.FromUnixTimeMilliseconds(row.AttemptedAt));
}
