using System.Text;

namespace Bunbase.Runtime.Auth.Throttling;

/// <summary>
/// The one form of a sign-in identifier (an email, a user name) that throttling counts under and
/// that <c>ctx.Auth.NormalizeIdentifier</c> gives applications to store and look up: trimmed,
/// Unicode NFC (<see cref="CanonicalNormalization"/>, the same on every machine), case-folded
/// (upper-cased, then lower-cased, invariantly: the Kelvin sign and <c>k</c>, or <c>ς</c> and
/// <c>σ</c>, are one letter; .NET keeps <c>ſ</c> and <c>ı</c> apart from ASCII), so that two spellings of one email
/// (composed and decomposed accents, case) are one account and one throttle.
/// </summary>
/// <remarks>Total: ill-formed UTF-16 (a lone surrogate) becomes U+FFFD rather than an exception.</remarks>
internal static class SignInIdentifier
{
    public static string Normalize(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var text = identifier.Trim();
        if (Ascii.IsValid(text))
            return text.ToLowerInvariant();

        // Case-mapped decomposed, then composed: a mapping can neither hide nor create a composable pair.
        var folded = CanonicalNormalization.Decompose(WellFormed(text)).ToUpperInvariant().ToLowerInvariant();
        return CanonicalNormalization.Compose(folded);
    }

    private static string WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return Replaced(text);
        }

        return text;
    }

    private static string Replaced(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                builder.Append(text[i]).Append(text[++i]);
            else
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
        }

        return builder.ToString();
    }
}
