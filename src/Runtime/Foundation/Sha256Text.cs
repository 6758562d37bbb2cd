namespace Bunbase.Runtime.Foundation;

/// <summary>SHA-256 digests as clients write them (hex or base64), read as lowercase hex.</summary>
internal static class Sha256Text
{
    /// <summary>Lowercase hex from 64 hex digits or base64 of 32 bytes; null when it is neither.</summary>
    public static string? Normalize(string? digest)
    {
        if (string.IsNullOrWhiteSpace(digest))
            return null;
        digest = digest.Trim();
        if (digest.Length == 64 && digest.All(char.IsAsciiHexDigit))
            return digest.ToLowerInvariant();
        Span<byte> bytes = stackalloc byte[48];
        return Convert.TryFromBase64String(digest, bytes, out var written) && written == 32
            ? Convert.ToHexStringLower(bytes[..32])
            : null;
    }
}
