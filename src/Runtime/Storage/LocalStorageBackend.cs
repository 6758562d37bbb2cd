using System.Text.Json;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Objects as files under one folder: <c>objects/KEY</c> is a small JSON pointer
/// (<see cref="LocalPointer"/>) to an immutable file in <c>blobs/</c>. A write goes to a file in
/// <c>tmp/</c>, becomes a blob by rename, and is published by renaming a new pointer over the old
/// one, so a reader sees the old object or the new one, never a part; an interrupted write leaves
/// only a temporary file, removed at once (or at the next start). Keys reach it checked
/// (<see cref="StorageKeys"/>), so no path leaves the folder.
/// </summary>
internal sealed partial class LocalStorageBackend : IStorageBackend
{
    private readonly string _objects;
    private readonly string _blobs;
    private readonly string _temporary;
    private readonly TimeProvider _time;
    private readonly KeyLocks _keyLocks = new();

    public LocalStorageBackend(string root, TimeProvider time)
    {
        Root = Path.GetFullPath(root);
        _objects = Path.Combine(Root, "objects");
        _blobs = Path.Combine(Root, "blobs");
        _temporary = Path.Combine(Root, "tmp");
        _time = time;
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_temporary);
        foreach (var stale in Directory.EnumerateFiles(_temporary))
            TryDelete(stale);
    }

    public string Root { get; }

    /// <summary>The folder of temporary files: uploads spooled here can be moved into place.</summary>
    public string TemporaryFolder => _temporary;

    public async Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType, IReadOnlyDictionary<string, string> metadata, string? expectedSha256, CancellationToken cancellationToken)
    {
        var blob = NewBlobName();
        if (content is SpoolReadStream { Position: 0 } upload)
        {
            // An upload spooled into this store's tmp/ folder: move it into place, its hash is known.
            var spool = upload.Spool;
            if (expectedSha256 is not null && expectedSha256 != spool.Sha256)
                throw new StorageChecksumException($"The content's SHA-256 is {spool.Sha256}, not the expected {expectedSha256}; nothing was stored.");
            if (spool.TryAdopt(Path.Combine(_blobs, blob)))
            {
                // A move keeps the spool's time, which may be the start of a long request: the sweep's grace counts from now.
                File.SetLastWriteTimeUtc(Path.Combine(_blobs, blob), _time.GetUtcNow().UtcDateTime);
                var adopted = new LocalPointer(blob, spool.Length, contentType, spool.Sha256, _time.GetUtcNow(), new Dictionary<string, string>(metadata, StringComparer.Ordinal));
                await PublishAsync(key, adopted, cancellationToken).ConfigureAwait(false);
                return adopted.ToInfo(key);
            }
        }

        var temporary = Path.Combine(_temporary, blob);
        try
        {
            long length;
            string sha256;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
                (length, sha256) = await HashingCopy.CopyAsync(content, file, long.MaxValue, cancellationToken).ConfigureAwait(false);
            if (expectedSha256 is not null && expectedSha256 != sha256)
                throw new StorageChecksumException($"The content's SHA-256 is {sha256}, not the expected {expectedSha256}; nothing was stored.");
            File.Move(temporary, Path.Combine(_blobs, blob));
            var pointer = new LocalPointer(blob, length, contentType, sha256, _time.GetUtcNow(), new Dictionary<string, string>(metadata, StringComparer.Ordinal));
            await PublishAsync(key, pointer, cancellationToken).ConfigureAwait(false);
            return pointer.ToInfo(key);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    public async Task<StoredObject?> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        // A blob replaced between reading its pointer and opening it is gone: read the new pointer.
        for (var attempt = 0; ; attempt++)
        {
            var pointer = await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false);
            if (pointer is null)
                return null;
            if (range is { } r && r.From >= Math.Max(pointer.Length, 1) && !(r.From == 0 && pointer.Length == 0))
                throw new ArgumentOutOfRangeException(nameof(range), $"The range starts at byte {r.From}, past the end of the object ({pointer.Length} bytes).");
            FileStream file;
            try
            {
                file = new FileStream(Path.Combine(_blobs, pointer.Blob), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
                continue;
            }

            if (range is not { } asked)
                return new StoredObject(pointer.ToInfo(key), file);
            file.Seek(asked.From, SeekOrigin.Begin);
            var clamped = asked with { To = asked.From + asked.LengthIn(pointer.Length) - 1 };
            return new StoredObject(pointer.ToInfo(key), new BoundedReadStream(file, asked.LengthIn(pointer.Length)), clamped);
        }
    }

    /// <summary>The object under <paramref name="key"/> and the path of its (immutable) blob file; null when there is none.</summary>
    public async Task<(StoredObjectInfo Info, string Path)?> LocateAsync(string key, CancellationToken cancellationToken) =>
        await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false) is { } pointer
            ? (pointer.ToInfo(key), Path.Combine(_blobs, pointer.Blob))
            : null;

    public async Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) =>
        (await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false))?.ToInfo(key);

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using (await _keyLocks.EnterAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var pointer = await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false);
            if (pointer is null)
                return false;
            try
            {
                File.Delete(PointerPath(key));
            }
            catch (DirectoryNotFoundException)
            {
                return false;
            }

            TryDelete(Path.Combine(_blobs, pointer.Blob));
            return true;
        }
    }

    public async Task<StoredObjectInfo?> CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        var source = await GetAsync(sourceKey, null, cancellationToken).ConfigureAwait(false);
        if (source is null)
            return null;
        await using (source.ConfigureAwait(false))
            return await PutAsync(destinationKey, source.Content, source.Info.ContentType, source.Info.Metadata, null, cancellationToken).ConfigureAwait(false);
    }

    public string? Presign(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions options) => null;

    private string PointerPath(string key) => Path.Combine(_objects, key);

    private static string NewBlobName() => Uuid7.New().ToString("N");

    /// <summary>
    /// Swaps the key's pointer to <paramref name="pointer"/> and deletes the blob it replaces, under the key's lock (two
    /// writers reading the same old pointer would each delete it and leave one new blob unreferenced). A failure or
    /// cancellation before the swap deletes the new blob: nothing points at it.
    /// </summary>
    private async Task PublishAsync(string key, LocalPointer pointer, CancellationToken cancellationToken)
    {
        var path = PointerPath(key);
        var temporary = Path.Combine(_temporary, NewBlobName() + ".json");
        var swapped = false;
        try
        {
            using (await _keyLocks.EnterAsync(key, cancellationToken).ConfigureAwait(false))
            {
                var old = await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false);
                await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(pointer, LocalPointerJson.Default.LocalPointer), cancellationToken).ConfigureAwait(false);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.Move(temporary, path, overwrite: true);
                    swapped = true;
                }
                catch (IOException) when (Directory.Exists(path) || ParentIsFile(path))
                {
                    throw new ConflictException($"The key '{key}' conflicts with another object's key on the local backend (one is a folder of the other: 'a' and 'a/b').", "storage_key_conflict");
                }

                if (old is not null && old.Blob != pointer.Blob)
                    TryDelete(Path.Combine(_blobs, old.Blob));
            }
        }
        catch when (!swapped)
        {
            TryDelete(Path.Combine(_blobs, pointer.Blob));
            throw;
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private bool ParentIsFile(string path)
    {
        for (var parent = Path.GetDirectoryName(path); parent is not null && parent.Length > _objects.Length; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
                return true;
        }

        return false;
    }

    private async Task<LocalPointer?> ReadPointerAsync(string key, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(PointerPath(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException || (ex is IOException && Directory.Exists(PointerPath(key))))
        {
            // A folder (the prefix of other keys) is not an object.
            return null;
        }

        return JsonSerializer.Deserialize(bytes, LocalPointerJson.Default.LocalPointer);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
