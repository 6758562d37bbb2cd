using System.Text;

namespace Bunbase.Runtime.Clients;

/// <summary>Literals and comments shared by the writers (the TypeScript and C# escapes agree for what they emit).</summary>
internal static class CodeText
{
    /// <summary>A double-quoted string literal valid in TypeScript and C#.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when c < ' ' || c is '\u2028' or '\u2029' => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text safe inside a <c>/** */</c> comment: one line, no comment terminator.</summary>
    public static string JsDoc(string text) => text.ReplaceLineEndings(" ").Replace("*/", "* /", StringComparison.Ordinal);

    /// <summary>Text safe inside a <c>///</c> XML comment: one line, markup escaped.</summary>
    public static string XmlDoc(string text) =>
        text.ReplaceLineEndings(" ").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>The text ending with a full stop.</summary>
    public static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";

    public static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
