using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Storage;

/// <summary><c>ctx.Storage</c>: checks keys, content types, metadata and limits once, for every backend, then hands over to the configured one.</summary>
internal sealed class FileStorage(IStorageBackend backend, SignedFileUrls urls, StorageOptions settings) : IFileStorage, Http.ILocalFiles
{
    private static readonly TimeSpan LongestSignedUrl = TimeSpan.FromDays(7);

    public IStorageBackend Backend => backend;

    public bool AreLocal => backend is LocalStorageBackend;

    public Task<(StoredObjectInfo Info, string Path)?> LocateAsync(string key, CancellationToken cancellationToken) =>
        backend is LocalStorageBackend local ? local.LocateAsync(key, cancellationToken) : Task.FromResult<(StoredObjectInfo, string)?>(null);

    public Task<StoredObjectInfo> PutAsync(string key, Stream content, StoragePutOptions? options = null, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(key);
        ArgumentNullException.ThrowIfNull(content);
        var expected = options?.ExpectedSha256 is { } digest
            ? Foundation.Sha256Text.Normalize(digest) ?? throw new ArgumentException("ExpectedSha256 is neither 64 hex digits nor base64 of 32 bytes.", nameof(options))
            : null;
        return backend.PutAsync(key, content, StorageMetadata.ContentType(options?.ContentType), StorageMetadata.Check(options?.Metadata), expected, cancellationToken);
    }

    public Task<StoredObject?> GetAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(key);
        if (range is { } r && (r.From < 0 || r.To < r.From))
            throw new ArgumentOutOfRangeException(nameof(range), "A range runs from a byte at or after 0 to one at or after it.");
        return backend.GetAsync(key, range, cancellationToken);
    }

    public Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) =>
        backend.HeadAsync(StorageKeys.Check(key), cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        backend.DeleteAsync(StorageKeys.Check(key), cancellationToken);

    public Task<StorageListPage> ListAsync(string prefix, string? pageToken = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        // Some key starts with the prefix only when the prefix followed by a letter is a valid key.
        if (prefix.Length > 0 && StorageKeys.Problem(prefix + "x") is { } problem)
            throw new InvalidStorageKeyException(problem.Replace("storage key", "prefix", StringComparison.Ordinal));
        return backend.ListAsync(prefix, pageToken, pageSize, cancellationToken);
    }

    public Task<StoredObjectInfo?> CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(sourceKey);
        StorageKeys.Check(destinationKey);
        return backend.CopyAsync(sourceKey, destinationKey, cancellationToken);
    }

    public string GetSignedUrl(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions? options = null)
    {
        StorageKeys.Check(key);
        if (expiresIn < TimeSpan.FromSeconds(1) || expiresIn > LongestSignedUrl)
            throw new ArgumentOutOfRangeException(nameof(expiresIn), "A signed URL lasts 1 second to 7 days.");
        options ??= new SignedUrlOptions();
        if (options.MaxBytes is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBytes must be positive.");
        if (options.ContentType is { } type)
            StorageMetadata.ContentType(type);
        if (options.MaxBytes is null && method == SignedUrlMethod.Put)
            options = new SignedUrlOptions { MaxBytes = settings.MaxUploadBytes, ContentType = options.ContentType, FileName = options.FileName, Direct = options.Direct };
        return (options.Direct ? backend.Presign(key, method, expiresIn, options) : null) ?? urls.Sign(key, method, expiresIn, options);
    }
}
