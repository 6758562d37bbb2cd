using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// JSON text that is valid JSON but not valid Unicode: an escaped UTF-16 surrogate without its pair (<c>"\ud800"</c>), or a
/// string's bytes that are not UTF-8 (where nothing else checked them). System.Text.Json reads such a document without
/// complaint and refuses the string only when it is read, with an
/// <see cref="InvalidOperationException"/> rather than a <see cref="JsonException"/>, so code that turns a
/// <see cref="JsonException"/> into a 400 answered a client's text with a 500. Readers of client JSON ask here.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// The byte offset of the first string or property name that is not Unicode text (an unpaired surrogate escape, or
    /// bytes that are not UTF-8); null when there is none (or the text is not JSON at all: that has its own explanation).
    /// </summary>
    public static long? FindInvalidText(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options = default)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                    continue;
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <inheritdoc cref="FindInvalidText(ReadOnlySpan{byte}, JsonReaderOptions)"/>
    public static long? FindInvalidText(string json) => FindInvalidText(Encoding.UTF8.GetBytes(json));

    /// <summary>What a client is told: where, and what to send instead.</summary>
    public static string Explain(string what, long offset) =>
        $"{what} has a string that is not Unicode text (at byte {offset + 1}): an escaped UTF-16 surrogate without its pair, or bytes that are not UTF-8.";
}
