namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Text a PostgreSQL <c>text</c> column can hold, for what the runtime writes on its own (an error kept with a job or
/// a parked event): there, a refused value would make the loop writing it fail again on every try. NUL (which
/// PostgreSQL refuses) and half characters (a lone UTF-16 surrogate, which has no UTF-8 form, so Npgsql refuses to
/// send it) become U+FFFD; a cap never cuts a character in two.
/// </summary>
internal static class StorableText
{
    private const char Replacement = '\uFFFD';

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units of <paramref name="text"/>, with NUL and half characters replaced.</summary>
    public static string From(string text, int maxLength)
    {
        text = Cap(text, maxLength);
        return IsStorable(text)
            ? text
            : string.Create(text.Length, text, static (destination, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                    {
                        destination[i] = c;
                        destination[i + 1] = source[i + 1];
                        i++;
                    }
                    else
                    {
                        destination[i] = c == '\0' || char.IsSurrogate(c) ? Replacement : c;
                    }
                }
            });
    }

    private static bool IsStorable(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
            return false;
        for (var i = text.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0;)
        {
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i += 2;
            var next = text[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + next;
        }

        return true;
    }

    /// <summary>
    /// Text another server chose (an SMTP reply, an error quoting a receiver's status line), to store and to show: besides
    /// <see cref="From"/>, control characters become spaces (line breaks, tabs) or U+FFFD (NUL, escape sequences that would
    /// act on an operator's terminal when <c>bunbase mail</c> or <c>bunbase webhooks</c> prints it).
    /// </summary>
    public static string FromPeer(string text, int maxLength)
    {
        text = From(text, maxLength);
        return text.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') < 0 && text.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') < 0
            ? text
            : string.Create(text.Length, text, static (destination, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    destination[i] = !char.IsControl(c) ? c : c is '\r' or '\n' or '\t' ? ' ' : Replacement;
                }
            });
    }

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units, one fewer when the last would be the first half of a pair.</summary>
    public static string Cap(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..(char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength)];
}
