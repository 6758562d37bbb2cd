namespace Bunbase.Runtime.Storage;

/// <summary>Where objects live. Keys, content types and metadata reach it checked (<see cref="FileStorage"/>).</summary>
internal interface IStorageBackend
{
    /// <summary>Stores the content whole or not at all; a wrong <paramref name="expectedSha256"/> (lowercase hex) stores nothing.</summary>
    Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType, IReadOnlyDictionary<string, string> metadata, string? expectedSha256, CancellationToken cancellationToken);

    Task<StoredObject?> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken);

    Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    Task<StorageListPage> ListAsync(string prefix, string? pageToken, int pageSize, CancellationToken cancellationToken);

    Task<StoredObjectInfo?> CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken);

    /// <summary>The backend's own presigned URL, or null when it has none.</summary>
    string? Presign(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions options);
}
