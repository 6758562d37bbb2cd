namespace Bunbase.Runtime.Http;

/// <summary>
/// Where uploads are spooled: the local store's own temporary folder when it is the backend (so a
/// stored upload is moved into place, not copied), else the system's temporary folder.
/// </summary>
internal sealed record UploadSpoolDirectory(string Path);
