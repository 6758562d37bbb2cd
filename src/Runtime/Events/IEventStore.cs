using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Events in the database (PostgreSQL or the embedded file; <see cref="EventStoreFactory"/> picks).
/// Reads are for the runtime (the HTTP read API, subscriptions, <c>bunbase events</c>); publishing
/// goes through <see cref="EventPublisher"/>.
/// </summary>
internal interface IEventStore
{
    /// <summary>Whether an event has its global position as soon as it commits (the embedded file) rather than from the sequencer.</summary>
    bool SequencesAtInsert { get; }

    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends the event, inside <paramref name="transaction"/> when there is one (else in a short one of its own).
    /// An id already stored returns that event as a duplicate; a wrong expected version throws <see cref="EventVersionConflictException"/>.
    /// </summary>
    Task<PublishedEvent> AppendAsync(NewEvent newEvent, DatabaseTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>A stream's events with <c>version &gt;= fromVersion</c>, in version order (unsequenced ones included).</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion, int limit, CancellationToken cancellationToken);

    /// <summary>Sequenced events with <c>global_position &gt; afterPosition</c>, of one category (or all when null), in position order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadCategoryAsync(string? category, long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>The stream's last event, or null when it has none.</summary>
    Task<StoredEvent?> ReadLastAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Streams, most recently written first, optionally of one category.</summary>
    Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? category, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Numbers what can be numbered (PostgreSQL: one <see cref="EventSequencer"/> pass; the embedded file numbers at insert).
    /// Returns the highest position given (null when nothing was numbered), or that another pass held the lock.
    /// </summary>
    Task<SequencePass> SequenceAsync(int batchSize, CancellationToken cancellationToken);
}
