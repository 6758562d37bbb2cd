namespace Bunbase;

/// <summary>
/// <c>ctx.Storage</c>: files (objects) under keys, on the local disk (the embedded default) or an
/// S3-compatible bucket (<c>storage.*</c>). Contents are streamed, never held whole in memory.
/// </summary>
/// <remarks>
/// A key is 1 to 1,024 UTF-8 bytes of segments separated by <c>/</c>: no empty, <c>.</c> or
/// <c>..</c> segment, no leading <c>/</c>, no backslash, no control character. Anything else throws
/// <see cref="InvalidStorageKeyException"/> (a 400 when it escapes the handler).
/// </remarks>
public interface IFileStorage
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/>, replacing what was there. The
    /// object appears whole or not at all: a failed or cancelled write leaves the previous object (or none).
    /// </summary>
    /// <returns>What was stored: length, ETag, SHA-256.</returns>
    /// <exception cref="StorageChecksumException"><see cref="StoragePutOptions.ExpectedSha256"/> did not match; nothing was stored.</exception>
    Task<StoredObjectInfo> PutAsync(string key, Stream content, StoragePutOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading, whole or a <paramref name="range"/> of it.</summary>
    /// <returns>The object (dispose it), or null when there is none under the key.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range starts past the end of the object.</exception>
    Task<StoredObject?> GetAsync(string key, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>What is stored under a key, without its content.</summary>
    /// <returns>The object's description, or null when there is none.</returns>
    Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes an object.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the objects whose keys start with <paramref name="prefix"/> (any text, not only whole
    /// segments), in key order, a page at a time.
    /// </summary>
    /// <param name="prefix">The start of the keys; empty lists everything.</param>
    /// <param name="pageToken">The <see cref="StorageListPage.NextPageToken"/> of the previous page; null for the first.</param>
    /// <param name="pageSize">At most this many objects (1 to 1,000).</param>
    /// <param name="cancellationToken">Defaults to none.</param>
    Task<StorageListPage> ListAsync(string prefix, string? pageToken = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Copies an object (content, content type and metadata) to another key, replacing what was there.</summary>
    /// <returns>The copy, or null when there is no object under <paramref name="sourceKey"/>.</returns>
    Task<StoredObjectInfo?> CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// A URL that lets whoever holds it read (<see cref="SignedUrlMethod.Get"/>) or write
    /// (<see cref="SignedUrlMethod.Put"/>) one key until it expires, without a session: the action that
    /// hands it out has made the access decision. It is an HMAC-signed path on the runtime's
    /// <c>/_files/</c> route (relative: prefix the app's public origin), or, with
    /// <see cref="SignedUrlOptions.Direct"/> on the S3 backend, the bucket's own presigned URL.
    /// </summary>
    /// <param name="key">The object's key.</param>
    /// <param name="method">What the URL allows.</param>
    /// <param name="expiresIn">How long it works: 1 second to 7 days.</param>
    /// <param name="options">Limits of a PUT (size, content type), the download's file name, direct S3.</param>
    /// <exception cref="InvalidOperationException">No signing key is configured (<c>auth.sessionSecret</c>).</exception>
    string GetSignedUrl(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions? options = null);
}
