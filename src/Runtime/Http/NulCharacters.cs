using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Finds U+0000 (NUL) in what a request binds: PostgreSQL cannot store it in text (SQLite can), so it
/// is refused at the door, the same way on both engines, with the field that held it. In JSON a NUL
/// can only be the escape <c>\u0000</c>, so a body without that sequence is never walked.
/// </summary>
internal static class NulCharacters
{
    public const string Message = "The value contains a NUL character (U+0000), which is not accepted.";

    /// <summary>The fields (as the client named them: <c>lines[0].sku</c>; <c>$</c> for the root) whose strings or property names hold a NUL; null when none does.</summary>
    public static Dictionary<string, string[]>? InJson(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0)
            return null;

        Dictionary<string, string[]>? errors = null;
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1_000 }); // already parsed within the real limit
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (name.Contains('\0'))
                        (errors ??= new(StringComparer.Ordinal))[PathOf(frames, includeLast: false)] = [Message];
                    frames[^1] = frames[^1] with { Property = name };
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, null, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    NextElement(frames);
                    break;
                case JsonTokenType.String:
                    if (reader.ValueIsEscaped && reader.ValueSpan.IndexOf("\\u0000"u8) >= 0 && reader.GetString()!.Contains('\0'))
                        (errors ??= new(StringComparer.Ordinal))[PathOf(frames, includeLast: true)] = [Message];
                    NextElement(frames);
                    break;
                default:
                    NextElement(frames);
                    break;
            }
        }

        return errors;
    }

    /// <summary>Whether a path, query, header or cookie value holds a NUL.</summary>
    public static bool In(string? value) => value is not null && value.Contains('\0');

    private static void NextElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string PathOf(List<Frame> frames, bool includeLast)
    {
        var path = new StringBuilder();
        var count = includeLast ? frames.Count : frames.Count - 1;
        for (var i = 0; i < count; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
                path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Property is not null)
                path.Append(path.Length == 0 ? "" : ".").Append(frame.Property);
        }

        return path.Length == 0 ? "$" : path.ToString();
    }

    private readonly record struct Frame(bool IsArray, string? Property, int Index);
}
