namespace Bunbase.Runtime.Webhooks;

/// <summary>An endpoint as both engines return it (flags and times are integers).</summary>
internal sealed class EndpointRow
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
