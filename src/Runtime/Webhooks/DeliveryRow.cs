namespace Bunbase.Runtime.Webhooks;

/// <summary>A delivery joined with its message, as both engines return it.</summary>
internal sealed class DeliveryRow
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
