namespace Bunbase;

/// <summary>What is stored under a key.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="ContentType">Its media type (<c>application/octet-stream</c> when none was given).</param>
/// <param name="ETag">An opaque tag that changes whenever the content does (without quotes).</param>
/// <param name="LastModified">When it was written.</param>
/// <param name="Metadata">The metadata given when it was stored.</param>
/// <param name="Sha256">The SHA-256 of the content in lowercase hex, when known (every object this runtime stored).</param>
public sealed record StoredObjectInfo(
    string Key,
    long Length,
    string ContentType,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata,
    string? Sha256);
