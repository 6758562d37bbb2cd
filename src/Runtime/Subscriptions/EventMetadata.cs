using System.Text.Json;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>What a subscriber reads from an event's metadata: correlation and causation ids and the publisher's trace (W3C traceparent).</summary>
internal readonly record struct EventMetadata(string? CorrelationId, string? CausationId, string? TraceParent)
{
    /// <summary>Reads the known keys; metadata that is not a JSON object (or keys that are not strings) count as absent.</summary>
    public static EventMetadata Parse(string metadata)
    {
        try
        {
            using var document = JsonDocument.Parse(metadata);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return default;
            var root = document.RootElement;
            return new(Text(root, "correlationId"), Text(root, "causationId"), Text(root, "traceparent"));
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
