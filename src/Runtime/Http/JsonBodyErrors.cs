using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Turns a failed body deserialization into a clear 400: not UTF-8 (where), not JSON (line and
/// byte), too deep, or a field of the wrong type, null, or missing (by its JSON path). Runs only
/// on the error path, so it may re-read the body.
/// </summary>
internal static class JsonBodyErrors
{
    /// <summary>A 400 when a deserializer's <see cref="InvalidOperationException"/> came from a string in <paramref name="body"/> that is not Unicode (see <see cref="JsonText"/>); null when it did not (a bug of ours: let it be a 500).</summary>
    public static RequestBindingException? InvalidText(ReadOnlySpan<byte> body, JsonContracts json) =>
        JsonText.FindInvalidText(body, json.ReaderOptions) is { } offset
            ? new RequestBindingException(400, "invalid_unicode", JsonText.Explain("The request body", offset))
            : null;

    public static RequestBindingException Explain(ReadOnlySpan<byte> body, JsonException exception, InputModel input, JsonContracts json, bool refuseUnknownFields = false)
    {
        if (FirstInvalidUtf8(body) is { } offset)
            return new RequestBindingException(400, "invalid_utf8", $"The request body is not valid UTF-8: invalid byte sequence at offset {offset}.");

        var reader = new Utf8JsonReader(body, json.ReaderOptions);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException syntax)
        {
            if (reader.CurrentDepth >= json.Options.MaxDepth - 1)
                return new RequestBindingException(400, "json_too_deep", $"The request body nests JSON deeper than {json.Options.MaxDepth} levels.");
            var line = (syntax.LineNumber ?? 0) + 1;
            var position = (syntax.BytePositionInLine ?? 0) + 1;
            return new RequestBindingException(400, "malformed_json", $"The request body is not valid JSON: {Reason(syntax.Message)} (line {line}, byte {position}).");
        }

        using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = json.Options.MaxDepth });
        try
        {
            if (FirstDuplicateKey(document.RootElement, "") is { } duplicate)
                return RequestBindingException.Field(duplicate, DuplicateKey);
            if (refuseUnknownFields)
            {
                var unknown = new List<string>();
                UnknownFields.Find(document.RootElement, input.Type, "", json.StrictOptions, unknown);
                if (unknown.Count > 0)
                {
                    return new RequestBindingException(400, "validation_failed", "The request body has fields this action does not take.",
                        unknown.ToDictionary(key => key, _ => new[] { "This field is unknown; this action refuses fields it does not declare." }, StringComparer.Ordinal));
                }
            }
        }
        catch (InvalidOperationException) when (InvalidText(body, json) is { } unpaired)
        {
            // A field's name is not Unicode (a value that is not is explained by its field below).
            return unpaired;
        }

        return ExplainShape(document.RootElement, exception.Path ?? "$", input);
    }

    private static RequestBindingException ExplainShape(JsonElement root, string path, InputModel input)
    {
        var segments = ParsePath(path);
        Type? type = input.Type;
        JsonElement? element = root;
        var key = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Index is { } index)
            {
                type = type is null ? null : CollectionTypes.ElementType(type);
                element = element is { ValueKind: JsonValueKind.Array } array && index < array.GetArrayLength() ? array[index] : null;
                key.Append('[').Append(index).Append(']');
            }
            else
            {
                type = type is null ? null : PropertyByJsonName(type, segment.Name!)?.PropertyType;
                element = element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment.Name!, out var child) ? child : null;
                if (key.Length > 0)
                    key.Append('.');
                key.Append(segment.Name);
            }
        }

        var field = key.Length == 0 ? "$" : key.ToString();
        if (element is not { } value || type is null)
            return RequestBindingException.Field(field, "The value is not valid here.");

        if (field == "$" && value.ValueKind != JsonValueKind.Object)
            return new RequestBindingException(400, "validation_failed", "The request body must be a JSON object.",
                new Dictionary<string, string[]> { ["$"] = [$"Expected a JSON object, got {Article(value.ValueKind)}."] });

        if (value.ValueKind == JsonValueKind.Object && TypeDescriptions.KindFits(JsonValueKind.Object, type))
        {
            var missing = MissingRequired(value, type, field == "$" ? input : null);
            if (missing.Count > 0)
            {
                return RequestBindingException.Fields(missing.ToDictionary(
                    name => field == "$" ? name : $"{field}.{name}",
                    name => new[] { $"The {name} field is required." }));
            }
        }

        var name = segments.LastOrDefault(s => s.Name is not null).Name ?? field;
        if (value.ValueKind == JsonValueKind.String && LoneSurrogate(value.GetRawText()) is { } escape)
            return RequestBindingException.Field(field, $"The {name} field holds the escape {escape}, half of a surrogate pair without its other half: that is not Unicode text.");
        if (value.ValueKind == JsonValueKind.Null)
            return RequestBindingException.Field(field, $"The {name} field must not be null.");
        return RequestBindingException.Field(field, $"The {name} field must be {TypeDescriptions.Describe(type)}.");
    }

    /// <summary>What a key given twice is told, by its field.</summary>
    public const string DuplicateKey = "This field appears more than once; send it once.";

    /// <summary>The path of the first key that appears twice in one object (duplicates are refused, never last-wins), below <paramref name="path"/>.</summary>
    public static string? FirstDuplicateKey(JsonElement element, string path = "")
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var key = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                    return key;
                if (FirstDuplicateKey(property.Value, key) is { } nested)
                    return nested;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (FirstDuplicateKey(item, $"{path}[{index++}]") is { } nested)
                    return nested;
            }
        }

        return null;
    }

    private static List<string> MissingRequired(JsonElement value, Type type, InputModel? root)
    {
        var missing = new List<string>();
        var constructor = MemberRules.DeserializationConstructor(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (root is not null && root.OutsideBody.Any(m => m.Property == property))
                continue;
            var name = MemberRules.JsonName(property);
            if (MemberRules.IsRequired(property, MemberRules.ConstructorParameter(constructor, property)) && !value.TryGetProperty(name, out _))
                missing.Add(name);
        }

        return missing;
    }

    private static PropertyInfo? PropertyByJsonName(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => MemberRules.JsonName(p) == name);

    private static List<(string? Name, int? Index)> ParsePath(string path)
    {
        // System.Text.Json paths look like $.a.b[2]['odd name'].
        var segments = new List<(string?, int?)>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not '.' and not '[')
                    end++;
                segments.Add((path[(i + 1)..end], null));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    break;
                segments.Add((path[(i + 2)..end], null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    break;
                segments.Add((null, index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>The first <c>\uD800</c>-style escape in a JSON string's raw text that is not half of a pair; null when there is none.</summary>
    private static string? LoneSurrogate(string raw)
    {
        var previousHigh = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                if (previousHigh)
                    return Escape(raw, i - 6);
                continue;
            }

            if (raw[i + 1] != 'u' || i + 6 > raw.Length
                || !ushort.TryParse(raw.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                if (previousHigh)
                    return Escape(raw, i - 6);
                i++; // another escape: skip the character it escapes
                continue;
            }

            var c = (char)unit;
            if (previousHigh && !char.IsLowSurrogate(c))
                return Escape(raw, i - 6);
            if (!previousHigh && char.IsLowSurrogate(c))
                return Escape(raw, i);
            previousHigh = !previousHigh && char.IsHighSurrogate(c);
            i += 5;
        }

        return previousHigh ? Escape(raw, raw.Length - 6) : null;
    }

    private static string Escape(string raw, int at) => raw.Substring(at, 6);

    private static long? FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            // At the end of a complete body, a truncated sequence (NeedMoreData) is as invalid as a bad one.
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done)
                return offset;
            offset += consumed;
        }

        return null;
    }
}
