using System.Collections.Frozen;

namespace Bunbase.Runtime.Storage;

/// <summary>The rules of an object's content type and metadata, the same on every backend (S3's limits: 2 KiB of user metadata).</summary>
internal static class StorageMetadata
{
    public const string DefaultContentType = "application/octet-stream";
    private const int MaxTotalBytes = 2048;

    public static string ContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return DefaultContentType;
        if (!Foundation.HeaderValues.IsMediaType(contentType))
            throw new ArgumentException($"'{contentType}' is not a media type in visible ASCII.", nameof(contentType));
        return contentType;
    }

    public static IReadOnlyDictionary<string, string> Check(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
            return FrozenDictionary<string, string>.Empty;
        var total = 0;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in metadata)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new ArgumentException($"Metadata name '{name}' may hold only letters, digits, '-' and '_'.", nameof(metadata));
            if (value is null || value.Any(c => c < 0x20 || c > 0x7e))
                throw new ArgumentException($"Metadata '{name}' must be printable ASCII.", nameof(metadata));
            total += name.Length + value.Length;
            result[name.ToLowerInvariant()] = value;
        }

        return total > MaxTotalBytes
            ? throw new ArgumentException($"Metadata is larger than {MaxTotalBytes} bytes.", nameof(metadata))
            : result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
