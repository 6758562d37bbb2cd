namespace Bunbase.Runtime.Events;

/// <summary>
/// An event as read back. <see cref="GlobalPosition"/> is null only for an event the sequencer has
/// not numbered yet (stream reads include those; category reads never do).
/// </summary>
internal sealed record StoredEvent(
    long? GlobalPosition,
    Guid Id,
    string Stream,
    string Category,
    long Version,
    string Type,
    int PartitionKey,
    string Data,
    string Metadata,
    DateTimeOffset CreatedAt);
