namespace Bunbase.Runtime.Foundation;

/// <summary>
/// A set of web origins as configured: exact ones (<c>https://app.example.com</c>, <c>http://localhost:5173</c>)
/// and subdomain patterns (<c>https://*.example.com</c>: any depth of subdomain with that scheme and port, not
/// the domain itself). Matching takes an <c>Origin</c> header as browsers serialize it: lower-case scheme and host,
/// no default port, no path.
/// </summary>
internal sealed class OriginList
{
    public static readonly OriginList Empty = new([], []);

    private readonly HashSet<string> _exact;
    private readonly (string Scheme, string Suffix)[] _subdomains;

    private OriginList(HashSet<string> exact, (string Scheme, string Suffix)[] subdomains)
    {
        _exact = exact;
        _subdomains = subdomains;
    }

    /// <summary>Parses <paramref name="origins"/>; each entry that is not an origin or a pattern is added to <paramref name="invalid"/>.</summary>
    public static OriginList Parse(IEnumerable<string> origins, List<string> invalid)
    {
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var subdomains = new List<(string, string)>();
        foreach (var text in origins)
        {
            if (text.StartsWith("http://*.", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://*.", StringComparison.OrdinalIgnoreCase))
            {
                // "https://*.example.com" is checked as the origin "https://x.example.com" would be.
                var star = text.IndexOf('*', StringComparison.Ordinal);
                if (Normalize(text[..star] + "x" + text[(star + 1)..]) is { } sample)
                {
                    var scheme = sample[..(sample.IndexOf("://", StringComparison.Ordinal) + 3)];
                    var suffix = sample[(scheme.Length + 1)..];
                    // "*.com" would admit every site under a top-level domain; "*.localhost" is a developer's own.
                    var domain = suffix[1..].Split(':')[0];
                    if (domain.Contains('.', StringComparison.Ordinal) || domain == "localhost")
                    {
                        subdomains.Add((scheme, suffix));
                        continue;
                    }
                }
            }
            else if (Normalize(text) is { } origin)
            {
                exact.Add(origin);
                continue;
            }

            invalid.Add(text);
        }

        return new OriginList(exact, [.. subdomains]);
    }

    /// <summary>Whether <paramref name="origin"/> (an <c>Origin</c> header's value) is in the list.</summary>
    public bool Contains(string origin)
    {
        if (_exact.Contains(origin))
            return true;
        foreach (var (scheme, suffix) in _subdomains)
        {
            // scheme, then at least one label, then ".example.com[:port]" to the end.
            if (origin.Length > scheme.Length + suffix.Length
                && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && IsHostLabels(origin.AsSpan(scheme.Length, origin.Length - scheme.Length - suffix.Length)))
                return true;
        }

        return false;
    }

    /// <summary>The serialized origin (<c>https://host[:port]</c>, no default port, lower case), or null when it is not one.</summary>
    public static string? Normalize(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>Letters, digits, hyphens and dots between labels: no port, path or user part can hide in the wildcard's place.</summary>
    private static bool IsHostLabels(ReadOnlySpan<char> labels)
    {
        if (labels.IsEmpty || labels[0] == '.' || labels[^1] == '.')
            return false;
        foreach (var c in labels)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                return false;
        }

        return !labels.Contains("..", StringComparison.Ordinal);
    }
}
