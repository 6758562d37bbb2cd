namespace Bunbase.Runtime.Storage;

/// <summary>
/// What the local backend keeps under a key: the name of the immutable blob file that holds the
/// content, and the object's description. Replacing the pointer (one rename) switches content and
/// description together.
/// </summary>
internal sealed record LocalPointer(
    string Blob,
    long Length,
    string ContentType,
    string Sha256,
    DateTimeOffset LastModified,
    Dictionary<string, string> Metadata)
{
    public StoredObjectInfo ToInfo(string key) => new(key, Length, ContentType, Sha256, LastModified, Metadata, Sha256);
}
