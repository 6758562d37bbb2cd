namespace Bunbase.Runtime.Webhooks;

/// <summary>An inbound delivery whose signature and timestamp passed: its id and signed time.</summary>
internal sealed record VerifiedDelivery(string Id, DateTimeOffset? Timestamp);
