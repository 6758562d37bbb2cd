using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The Standard Webhooks signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>.
/// Written here rather than taken from the <c>StandardWebhooks</c> package, which reads the wall clock
/// (not a <see cref="TimeProvider"/>) and reports every refusal as the same exception, where the
/// runtime answers a stale timestamp and a bad signature with different codes.
/// </summary>
internal static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The header value for one key (<c>v1,BASE64</c>).</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hash(key, id, timestamp, body));

    /// <summary>Whether one of the space-separated <c>v1,</c> signatures of <paramref name="header"/> is that of <paramref name="key"/> (compared in constant time).</summary>
    public static bool Verify(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body, string header)
    {
        var expected = Hash(key, id, timestamp, body);
        Span<byte> given = stackalloc byte[64];
        var matched = false;
        foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            if (Convert.TryFromBase64String(part[3..], given, out var written) && written == expected.Length)
                matched |= CryptographicOperations.FixedTimeEquals(given[..written], expected);
        }

        return matched;
    }

    /// <summary>Whether the header holds at least one <c>v1,</c> signature that decodes to the 32 bytes of an HMAC-SHA256.</summary>
    public static bool HasWellFormed(string header)
    {
        Span<byte> given = stackalloc byte[64];
        foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("v1,", StringComparison.Ordinal) && Convert.TryFromBase64String(part[3..], given, out var written) && written == HexSignature.Length)
                return true;
        }

        return false;
    }

    private static byte[] Hash(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(id + "." + timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
