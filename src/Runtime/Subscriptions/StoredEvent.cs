namespace Bunbase.Runtime.Subscriptions;

/// <summary>An event as a subscription reads it from <c>bunbase_events</c>.</summary>
internal sealed record StoredEvent(
    long GlobalPosition,
    Guid Id,
    string Stream,
    string Type,
    long Version,
    int PartitionKey,
    string Data,
    string Metadata,
    DateTimeOffset CreatedAt);
