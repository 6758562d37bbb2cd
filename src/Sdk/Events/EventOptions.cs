namespace Bunbase;

/// <summary>How one event is published; every member is optional.</summary>
public sealed record EventOptions
{
    /// <summary>
    /// The version the stream must be at (optimistic concurrency): <c>0</c> means the stream must not
    /// exist yet. Otherwise the publish fails with <see cref="EventVersionConflictException"/>.
    /// </summary>
    /// <value>The default is none: append whatever the version.</value>
    public long? ExpectedVersion { get; init; }

    /// <summary>
    /// The event's id. The same id is stored once: publishing it again returns the first event
    /// with <see cref="PublishedEvent.Duplicate"/> set, so a retried publish is safe.
    /// </summary>
    /// <value>The default is a new version 7 UUID.</value>
    public Guid? Id { get; init; }

    /// <summary>The correlation id carried in the event's metadata (<c>correlationId</c>).</summary>
    /// <value>The default is the correlation id of the event being handled, else the invocation's trace id.</value>
    public string? CorrelationId { get; init; }

    /// <summary>The causation id carried in the event's metadata (<c>causationId</c>).</summary>
    /// <value>The default is the id of the event being handled, else none.</value>
    public string? CausationId { get; init; }

    /// <summary>
    /// More metadata, stored beside <c>correlationId</c>, <c>causationId</c> and <c>traceparent</c>
    /// (which these keys may not name).
    /// </summary>
    /// <value>The default is none.</value>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
