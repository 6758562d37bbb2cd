using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Free text of the accounts module (a display name, an organisation's or a key's name) is one line: no control
/// characters (C0, DEL, C1) and no line or paragraph separators. Such a value reaches mail subjects and bodies (an
/// invitation names its organisation; an app's welcome names the account), where a line break is a header injection
/// that the mailer refuses, so the mail could never be sent. Nor bidirectional embeddings, overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069): they reorder what follows them, so an organisation's name in an invitation could
/// display as other text than it is. Joiners (U+200C, U+200D) stay: scripts and emoji need them.
/// </summary>
internal sealed class SingleLineAttribute : ValidationAttribute
{
    public SingleLineAttribute() => ErrorMessage = "The {0} field must be one line of text: no control characters, line breaks or bidirectional overrides.";

    public override bool IsValid(object? value) => value is not string text || IsSingleLine(text);

    public static bool IsSingleLine(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsBreaking(rune))
                return false;
        }

        return true;
    }

    /// <summary>The text with each character refused here made a space: for values stored before they were refused.</summary>
    public static string ToSingleLine(string text)
    {
        if (IsSingleLine(text))
            return text;
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            builder.Append(IsBreaking(rune) ? new Rune(' ') : rune);
        return builder.ToString();
    }

    private static bool IsBreaking(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
