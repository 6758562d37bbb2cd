using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Finds the fields of a JSON body that its type does not declare, by the same contract the body
/// was read with (names, ignored members, extension data), keyed by their path (<c>lines[0].extra</c>).
/// Runs only on the error path of an action that refuses unknown fields.
/// </summary>
internal static class UnknownFields
{
    /// <summary>At most this many are reported: a hostile body cannot grow the answer.</summary>
    private const int Limit = 20;

    public static void Find(JsonElement element, Type type, string path, JsonSerializerOptions options, List<string> found)
    {
        if (found.Count >= Limit)
            return;
        var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                if (info.Properties.Any(p => p.IsExtensionData))
                    return;
                foreach (var property in element.EnumerateObject())
                {
                    var key = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    var declared = info.Properties.FirstOrDefault(p => p.Name == property.Name);
                    if (declared is null)
                    {
                        found.Add(key);
                        if (found.Count >= Limit)
                            return;
                    }
                    else
                    {
                        Find(property.Value, declared.PropertyType, key, options, found);
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array && info.ElementType is { } elementType:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Find(item, elementType, $"{path}[{index++}]", options, found);
                break;
        }
    }
}
