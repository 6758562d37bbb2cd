namespace Bunbase.Runtime.Webhooks;

/// <summary>An attempt as both engines return it.</summary>
internal sealed class AttemptRow
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
