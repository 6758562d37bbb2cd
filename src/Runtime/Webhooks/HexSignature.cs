using System.Security.Cryptography;

namespace Bunbase.Runtime.Webhooks;

/// <summary>HMAC-SHA256 signatures in hexadecimal (GitHub's body signature, Stripe's <c>t.body</c> one), compared in constant time.</summary>
internal static class HexSignature
{
    public static string Sign(byte[] key, ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));

    /// <summary>Whether <paramref name="hex"/> (either case) is the signature of <paramref name="data"/>.</summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> data, ReadOnlySpan<char> hex)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, data, expected);
        Span<byte> given = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
