using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Http;

/// <summary>The SHA-256 a client sends with content: <c>Repr-Digest: sha-256=:B64:</c> (RFC 9530), <c>Digest: sha-256=B64</c> (RFC 3230) or <c>X-Content-SHA256: HEX</c>.</summary>
internal static class ChecksumDigests
{
    /// <summary>The digest in lowercase hex, or null when none was sent; <paramref name="error"/> when one was sent unreadable.</summary>
    public static string? Read(IDictionary<string, StringValues> headers, out string? error)
    {
        error = null;
        if (headers.TryGetValue("X-Content-SHA256", out var hex))
            return Normalize(hex.ToString(), ref error);
        foreach (var name in (string[])["Repr-Digest", "Content-Digest", "Digest"])
        {
            if (!headers.TryGetValue(name, out var value))
                continue;
            foreach (var item in value.ToString().Split(','))
            {
                var pair = item.Trim().Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim().Equals("sha-256", StringComparison.OrdinalIgnoreCase))
                    return Normalize(pair[1].Trim().Trim(':'), ref error);
            }
        }

        return null;
    }

    private static string? Normalize(string digest, ref string? error)
    {
        var normalized = Foundation.Sha256Text.Normalize(digest);
        if (normalized is null)
            error = "The SHA-256 sent with the file is neither 64 hex digits nor base64 of 32 bytes.";
        return normalized;
    }
}
