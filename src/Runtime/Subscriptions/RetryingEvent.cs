namespace Bunbase.Runtime.Subscriptions;

/// <summary>A dead letter an operator put back, with its event: handled again by the instance holding its partition.</summary>
internal sealed record RetryingEvent(
    Guid DeadId,
    int DeadAttempts,
    long GlobalPosition,
    Guid Id,
    string Stream,
    string Type,
    long Version,
    int PartitionKey,
    string Data,
    string Metadata,
    DateTimeOffset CreatedAt)
{
    public StoredEvent Event => new(GlobalPosition, Id, Stream, Type, Version, PartitionKey, Data, Metadata, CreatedAt);
}
