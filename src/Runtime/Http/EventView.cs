using System.Text.Json;
using Bunbase.Runtime.Events;

namespace Bunbase.Runtime.Http;

/// <summary>An event as the read API answers it: data and metadata as JSON, not strings of JSON.</summary>
internal sealed record EventView(
    long? Position,
    Guid Id,
    string Stream,
    long Version,
    string Type,
    JsonElement Data,
    JsonElement Metadata,
    DateTimeOffset CreatedAt)
{
    public static EventView Of(StoredEvent e) => new(
        e.GlobalPosition,
        e.Id,
        e.Stream,
        e.Version,
        e.Type,
        JsonSerializer.Deserialize<JsonElement>(e.Data),
        JsonSerializer.Deserialize<JsonElement>(e.Metadata),
        e.CreatedAt);
}
