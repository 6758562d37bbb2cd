namespace Bunbase.Runtime.Events;

/// <summary>An event ready to store: names checked, data and metadata serialised.</summary>
internal sealed record NewEvent(
    Guid Id,
    string Stream,
    string Category,
    string Type,
    int PartitionKey,
    string Data,
    string Metadata,
    long? ExpectedVersion);
