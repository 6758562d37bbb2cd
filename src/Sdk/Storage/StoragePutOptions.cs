namespace Bunbase;

/// <summary>How <see cref="IFileStorage.PutAsync"/> stores an object.</summary>
public sealed class StoragePutOptions
{
    /// <summary>The object's media type.</summary>
    /// <value>The default is <c>application/octet-stream</c>.</value>
    public string? ContentType { get; init; }

    /// <summary>Names and values kept with the object (names: letters, digits, <c>-</c> and <c>_</c>; at most 2 KiB in all).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The SHA-256 the content must have (hex or base64); a mismatch stores nothing.</summary>
    /// <value>The default is none (not checked).</value>
    public string? ExpectedSha256 { get; init; }
}
