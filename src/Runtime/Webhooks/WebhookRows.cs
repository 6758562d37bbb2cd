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

    public sealed class EndpointRow
    {
        public string Id { get; set; } = "";

        public string Url { get; set; } = "";

        public string EventTypes { get; set; } = "";

        public string Secret { get; set; } = "";

        public string? Description { get; set; }

        public long Enabled { get; set; }

        public long Ordered { get; set; }

        public long FailureStreak { get; set; }

        public string? DisabledReason { get; set; }

        public long CreatedAt { get; set; }
    }

    public sealed class DeliveryRow
    {
        public string Id { get; set; } = "";

        public string MessageId { get; set; } = "";

        public string EndpointId { get; set; } = "";

        public string Type { get; set; } = "";

        public string Body { get; set; } = "";

        public string Status { get; set; } = "";

        public long Attempts { get; set; }

        public long? ResponseCode { get; set; }

        public string? Error { get; set; }

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }
    }

    public sealed class AttemptRow
    {
        public string DeliveryId { get; set; } = "";

        public long Attempt { get; set; }

        public long Succeeded { get; set; }

        public long? ResponseCode { get; set; }

        public double DurationMs { get; set; }

        public string? Error { get; set; }

        public string? ResponseBody { get; set; }

        public long AttemptedAt { get; set; }
    }
}
