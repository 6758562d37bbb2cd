namespace Bunbase.Runtime.Http;

/// <summary>
/// A file store whose objects are files on this machine (the local storage backend): a download sends the file
/// itself (the framework's physical-file result) instead of streaming it through the store. Implemented above this
/// folder, so responses need not know the storage folder.
/// </summary>
internal interface ILocalFiles
{
    /// <summary>Whether objects are local files (false: stream them through the store).</summary>
    bool AreLocal { get; }

    /// <summary>The object's information and the path of its current file, or null when there is no such object.</summary>
    Task<(StoredObjectInfo Info, string Path)?> LocateAsync(string key, CancellationToken cancellationToken);
}
