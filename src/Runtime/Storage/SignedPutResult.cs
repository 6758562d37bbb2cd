namespace Bunbase.Runtime.Storage;

/// <summary>The answer to a PUT on a signed URL: what was stored.</summary>
internal sealed record SignedPutResult(string Key, long Length, string ContentType, string ETag, string? Sha256);
