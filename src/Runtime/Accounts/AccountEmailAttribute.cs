using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Bunbase.Runtime.Auth.Throttling;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// An account's email is a plain address, <c>local@domain</c>, checked in the form it is stored in
/// (<c>ctx.Auth.NormalizeIdentifier</c>'s): never a display name, comment, quoted string or route
/// (<c>x &lt;ada@example.com&gt;</c>, <c>"a b"@example.com</c>), which a mailer delivers to the mailbox inside while the
/// account shows, and counts as new, the whole text. The local part is a dot-atom (RFC 5322: ASCII letters, digits and
/// <c>!#$%&amp;'*+-/=?^_`{|}~</c>, dots between them) plus non-ASCII letters, marks and digits (RFC 6531), except the
/// full-width and mathematical look-alikes of ASCII; at most 64 bytes. The domain is ASCII host name labels (letters,
/// digits, inner hyphens): an internationalised domain is given in its <c>xn--</c> form, since without IDNA mapping two
/// Unicode spellings of one domain could not be told apart.
/// </summary>
internal sealed class AccountEmailAttribute : DataTypeAttribute
{
    private const string AsciiSymbols = "!#$%&'*+-/=?^_`{|}~";

    public AccountEmailAttribute()
        : base(DataType.EmailAddress) =>
        ErrorMessage = "The {0} field must be a plain email address (name@example.com): no display name, spaces or quotes, and an ASCII domain (xn-- for an internationalised one).";

    public override bool IsValid(object? value) =>
        value is null || (value is string text && IsPlainAddress(SignInIdentifier.Normalize(text)));

    /// <summary>Whether a normalised email is a plain address (see the type).</summary>
    public static bool IsPlainAddress(string normalized)
    {
        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        if (at < 1 || at != normalized.LastIndexOf('@') || normalized.Length > 254)
            return false;
        var local = normalized.AsSpan(0, at);
        var domain = normalized.AsSpan(at + 1);
        return IsLocalPart(local) && IsDomain(domain);
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (Encoding.UTF8.GetByteCount(local) > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return false;
        foreach (var rune in local.EnumerateRunes())
        {
            if (rune.IsAscii ? !(Rune.IsLetterOrDigit(rune) || rune.Value == '.' || AsciiSymbols.Contains((char)rune.Value, StringComparison.Ordinal)) : !IsWordCharacter(rune))
                return false;
        }

        return true;
    }

    /// <summary>A non-ASCII letter, mark or digit that does not stand in for an ASCII one.</summary>
    private static bool IsWordCharacter(Rune rune)
    {
        if (rune.Value is >= 0xFF00 and <= 0xFFEF or >= 0x1D400 and <= 0x1D7FF) // Halfwidth and Fullwidth Forms, Mathematical Alphanumeric Symbols
            return false;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber => true,
            _ => false,
        };
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length is 0 or > 253)
            return false;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                    return false;
            }
        }

        return true;
    }
}
