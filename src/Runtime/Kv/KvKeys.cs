using System.Text;

namespace Bunbase.Runtime.Kv;

/// <summary>The rules every key follows, whatever the backend.</summary>
internal static class KvKeys
{
    public const int MaxKeyBytes = 512;

    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes is 0 or > MaxKeyBytes)
        {
            var shown = key.Length <= 40 ? key : key[..40] + "...";
            throw new ArgumentException($"Key '{shown}' is {bytes} bytes; keys are 1 to {MaxKeyBytes} UTF-8 bytes.", nameof(key));
        }
    }

    public static void ValidateTtl(TimeSpan? ttl)
    {
        if (ttl is { } value && value <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "A time to live must be positive.");
    }
}
