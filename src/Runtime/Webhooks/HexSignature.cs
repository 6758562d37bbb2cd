using System.Security.Cryptography;

namespace Bunbase.Runtime.Webhooks;

/// <summary>HMAC-SHA256 signatures in hexadecimal (GitHub's body signature, Stripe's <c>t.body</c> one), compared in constant time.</summary>
internal static class HexSignature
{
    /// <summary>The bytes of an HMAC-SHA256.</summary>
    public const int Length = 32;

    public static string Sign(byte[] key, ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));

    /// <summary>Whether <paramref name="hex"/> (either case) is the signature of <paramref name="data"/>.</summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> data, ReadOnlySpan<char> hex)
    {
        Span<byte> expected = stackalloc byte[Length];
        Compute(key, data, expected);
        return Matches(expected, hex);
    }

    /// <summary>Whether <paramref name="hex"/> could be a signature: <see cref="Length"/> bytes in hexadecimal, either case.</summary>
    public static bool IsWellFormed(string hex) => hex.Length == Length * 2 && hex.All(char.IsAsciiHexDigit);

    /// <summary>Writes the HMAC-SHA256 of <paramref name="data"/> to <paramref name="destination"/> (<see cref="Length"/> bytes).</summary>
    public static void Compute(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination) => HMACSHA256.HashData(key, data, destination);

    /// <summary>Whether <paramref name="hex"/> (either case) spells <paramref name="expected"/>, compared in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<char> hex)
    {
        Span<byte> given = stackalloc byte[Length];
        if (hex.Length != Length * 2 || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
