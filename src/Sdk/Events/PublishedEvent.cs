namespace Bunbase;

/// <summary>What <see cref="IEventPublisher.PublishAsync"/> stored.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Stream">Its stream (a duplicate's is the first event's).</param>
/// <param name="Version">Its version in the stream, from 1.</param>
/// <param name="Duplicate">Whether an event with this id was already stored: nothing new was written and this describes the first.</param>
public sealed record PublishedEvent(Guid Id, string Stream, long Version, bool Duplicate);
