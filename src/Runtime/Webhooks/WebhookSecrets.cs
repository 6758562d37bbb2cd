using System.Security.Cryptography;
using System.Text;

namespace Bunbase.Runtime.Webhooks;

/// <summary>Secrets as the Standard Webhooks scheme writes them: <c>whsec_</c> and the key's bytes in base64.</summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>A new random secret (24 bytes, as the scheme's reference libraries make them).</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The key's bytes: the base64 after <c>whsec_</c>, else (a sender's plain shared secret) the
    /// text's UTF-8 bytes. Null when <c>whsec_</c> is followed by something that is not base64.
    /// </summary>
    public static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetBytes(secret);
        var encoded = secret[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        return encoded.Length > 0 && Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }
}
