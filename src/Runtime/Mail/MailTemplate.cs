using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// One template text: literal text and <c>{{ name }}</c> / <c>{{ user.name }}</c> placeholders, nothing
/// else (no code, no loops, no raw output), so a template cannot run anything and every value in an HTML
/// part is escaped. Parsed once at start; a placeholder with no value is an error when rendering, never
/// an empty string sent by mistake.
/// </summary>
internal sealed partial class MailTemplate
{
    private readonly string _source;
    private readonly (string Literal, string[]? Path)[] _parts;

    private MailTemplate(string source, (string, string[]?)[] parts)
    {
        _source = source;
        _parts = parts;
    }

    /// <summary>Parses <paramref name="text"/>; an unclosed or malformed placeholder throws, naming <paramref name="source"/>.</summary>
    public static MailTemplate Parse(string text, string source)
    {
        var parts = new List<(string, string[]?)>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((text[at..], null));
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
                throw new FormatException($"{source}: '{{{{' at character {open} is never closed with '}}}}'");
            var name = text[(open + 2)..close].Trim();
            if (!Placeholder().IsMatch(name))
                throw new FormatException($"{source}: '{{{{{text[(open + 2)..close]}}}}}' is not a value name (letters, digits, '_' and '.' between names)");
            parts.Add((text[at..open], name.Split('.')));
            at = close + 2;
        }

        return new MailTemplate(source, [.. parts]);
    }

    /// <summary>The text with each placeholder replaced by its value in <paramref name="data"/>, HTML-escaped when <paramref name="html"/>.</summary>
    public string Render(JsonElement data, bool html)
    {
        var result = new StringBuilder();
        foreach (var (literal, path) in _parts)
        {
            result.Append(literal);
            if (path is null)
                continue;
            var value = Text(Find(data, path) ?? throw new MailTemplateException($"{_source}: no value for {{{{ {string.Join('.', path)} }}}} in the message's Data"));
            result.Append(html ? HtmlEncoder.Default.Encode(value) : value);
        }

        return result.ToString();
    }

    /// <summary>Members are matched ignoring case, so <c>{{ name }}</c> finds <c>Name</c> however the data was serialised.</summary>
    private static JsonElement? Find(JsonElement data, string[] path)
    {
        var current = data;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object)
                return null;
            JsonElement? next = null;
            foreach (var property in current.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    next = property.Value;
                    break;
                }
            }

            if (next is null)
                return null;
            current = next.Value;
        }

        return current;
    }

    private static string Text(JsonElement? value) => value!.Value.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString()!,
        JsonValueKind.Null => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.Value.GetRawText(),
        _ => value.Value.GetRawText(),
    };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public override string ToString() => _source;
}
