namespace Bunbase;

/// <summary>The event an invocation handles (<c>ctx.Event</c>); null outside event subscribers.</summary>
/// <param name="Id">The event's id: a natural key for idempotent side effects.</param>
/// <param name="Stream">Its stream (<c>category-id</c>).</param>
/// <param name="Type">Its type.</param>
/// <param name="Version">Its version in the stream, from 1.</param>
/// <param name="GlobalPosition">Its position in the store, across streams.</param>
/// <param name="Attempt">This delivery attempt, from 1 (a retried dead letter starts again at 1).</param>
/// <param name="CorrelationId">The correlation id from its metadata, if any.</param>
/// <param name="CausationId">The causation id from its metadata, if any.</param>
/// <param name="PublishedAt">When it was stored (by the store's clock).</param>
public sealed record EventInfo(
    Guid Id,
    string Stream,
    string Type,
    long Version,
    long GlobalPosition,
    int Attempt,
    string? CorrelationId,
    string? CausationId,
    DateTimeOffset PublishedAt);
