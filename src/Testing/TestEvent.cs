using System.Text.Json;

namespace Bunbase.Testing;

/// <summary>An event as stored, for assertions.</summary>
/// <param name="Position">Its global position; null until the sequencer has numbered it (PostgreSQL, a few milliseconds after its commit).</param>
/// <param name="Id">Its id.</param>
/// <param name="Stream">Its stream.</param>
/// <param name="Version">Its version in the stream (1, 2, 3 ...).</param>
/// <param name="Type">Its type.</param>
/// <param name="Data">Its data as published (camelCase JSON).</param>
/// <param name="Metadata">Its metadata: <c>correlationId</c>, <c>causationId</c>, <c>traceparent</c> and the publisher's own keys.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record TestEvent(long? Position, Guid Id, string Stream, long Version, string Type, JsonElement Data, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt);
