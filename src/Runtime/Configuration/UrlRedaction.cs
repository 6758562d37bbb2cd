using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Hides the password of a <c>scheme://user:password@host</c> URL for messages. Textual, so it also
/// works on URLs too malformed for <see cref="Uri"/> (exactly the ones that end up in error messages).
/// </summary>
internal static partial class UrlRedaction
{
    public static string Redact(string url) => Password().Replace(url, "$1***@");

    [GeneratedRegex("(://[^:/@]*:)[^@]*@")]
    private static partial Regex Password();
}
