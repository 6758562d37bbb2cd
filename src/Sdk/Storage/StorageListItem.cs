namespace Bunbase;

/// <summary>One object of a listing (<see cref="IFileStorage.HeadAsync"/> tells its type and metadata).</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="ETag">Its entity tag (without quotes).</param>
/// <param name="LastModified">When it was written.</param>
public sealed record StorageListItem(string Key, long Length, string ETag, DateTimeOffset LastModified);
