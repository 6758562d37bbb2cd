namespace Bunbase.Runtime.Storage;

/// <summary>What a signed file URL allows: one method on one key until <see cref="Expires"/> (Unix seconds), within its limits.</summary>
internal sealed record SignedFileClaims(SignedUrlMethod Method, long Expires, long? MaxBytes, string? ContentType, string? FileName);
