using System.Collections.Frozen;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Secrets that appear in our documentation, templates or common examples: anyone can sign
/// sessions (or webhook deliveries) with them, so start-up outside Development refuses them. Whatever example secret the
/// README or a template shows must be listed here.
/// </summary>
internal static class PublishedSecrets
{
    private static readonly FrozenSet<string> Values = FrozenSet.ToFrozenSet(
    [
        // README.md, "Sessions and guards".
        "replace-with-the-output-of-openssl-rand-base64-48",
        // README.md, "Webhooks", and the example app's configuration: its inbound webhook's development secret.
        "whsec_iImSSIIxVbbimcG+jNGLe4xcojHy+GnT",
        // Placeholders people copy from examples.
        "change-me-to-a-long-random-secret-at-least-32-bytes",
        "changeme-changeme-changeme-changeme",
        "your-256-bit-secret-your-256-bit-secret",
        "your-secret-key-must-be-at-least-32-characters",
        "this-is-a-very-long-secret-key-for-development",
        "super-secret-key-that-is-at-least-32-bytes-long",
        "00000000000000000000000000000000",
        "0123456789abcdef0123456789abcdef",
        "12345678901234567890123456789012",
        "abcdefghijklmnopqrstuvwxyz123456",
    ], StringComparer.Ordinal);

    public static bool Contains(string secret) => Values.Contains(secret.Trim());
}
