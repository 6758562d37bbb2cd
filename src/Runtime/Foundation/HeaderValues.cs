using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// How an output member becomes a response header value. A field value may hold visible ASCII,
/// spaces and tabs (RFC 9110 §5.5; Kestrel refuses anything else when writing, after the handler
/// ran): URI-valued headers (<c>Location</c>, <c>Content-Location</c>) percent-encode non-ASCII
/// text and spaces as UTF-8 (an IRI becomes its URI, RFC 3987 §3.1); control characters, and
/// non-ASCII in other headers, are refused by output validation, which names the property.
/// </summary>
internal static class HeaderValues
{
    /// <summary>
    /// Whether a client's or an app's content type can be stored and sent back as a <c>Content-Type</c>: a media type
    /// (with parameters) in visible ASCII. A quoted parameter may hold any text to the parser, but Kestrel refuses
    /// non-ASCII when the response is written, so a stored object would fail every download.
    /// </summary>
    public static bool IsMediaType(string? value) =>
        !string.IsNullOrEmpty(value) && !value.AsSpan().ContainsAnyExcept(Allowed) && !value.Contains('\t', StringComparison.Ordinal)
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(value, out _);

    private static readonly SearchValues<char> Allowed = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Headers that frame the message or belong to the connection: an output cannot set them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "TE",
        "Proxy-Connection", "Host", "Set-Cookie",
    };

    /// <summary>The text of an output value (invariant culture; dates as ISO 8601); null writes no header.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTimeOffset moment => moment.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Whether the header's value is a URI reference, whose non-ASCII text is percent-encoded.</summary>
    public static bool IsUri(string header) =>
        header.Equals("Location", StringComparison.OrdinalIgnoreCase) || header.Equals("Content-Location", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="name"/> cannot be a response header mapped from an output; null when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (!IsToken(name))
            return $"'{name}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
        if (Reserved.Contains(name))
            return $"the {name} header is the server's own (it frames the message or is written elsewhere)";
        return null;
    }

    /// <summary>Whether the name is an RFC 9110 token, as header and cookie names must be.</summary>
    public static bool IsToken(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyExcept(TokenChars);

    /// <summary>Why the text cannot be the value of <paramref name="header"/>; null when it can (after <see cref="Encode"/>).</summary>
    public static string? ValueProblem(string header, string text)
    {
        var uri = IsUri(header);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Allowed.Contains(c))
                continue;
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
                return string.Create(CultureInfo.InvariantCulture, $"The {header} header cannot hold the control character U+{(int)c:X4} (at index {i}).");
            if (!uri)
                return string.Create(CultureInfo.InvariantCulture, $"The {header} header can hold only visible ASCII, spaces and tabs; U+{(int)c:X4} at index {i} is not.");
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                return string.Create(CultureInfo.InvariantCulture, $"The {header} header value is not valid Unicode: a lone surrogate U+{(int)c:X4} at index {i}.");
            if (char.IsHighSurrogate(c))
                i++;
        }

        return null;
    }

    /// <summary>The value as written: URI-valued headers percent-encode non-ASCII text and spaces; others are already ASCII (validated).</summary>
    public static string Encode(string header, string text)
    {
        if (!IsUri(header) || !text.AsSpan().ContainsAnyExceptInRange('!', '~'))
            return text;
        var encoded = new StringBuilder(text.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F)
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return encoded.ToString();
    }
}
