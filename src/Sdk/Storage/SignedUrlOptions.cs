namespace Bunbase;

/// <summary>Limits and details of a signed URL (<see cref="IFileStorage.GetSignedUrl"/>).</summary>
public sealed class SignedUrlOptions
{
    /// <summary>For a PUT: the largest content accepted, in bytes.</summary>
    /// <value>The default is none: <c>storage.maxUploadBytes</c> applies.</value>
    public long? MaxBytes { get; init; }

    /// <summary>For a PUT: the only <c>Content-Type</c> accepted (and stored).</summary>
    /// <value>The default is any.</value>
    public string? ContentType { get; init; }

    /// <summary>For a GET: the file name the browser saves the download as (<c>Content-Disposition: attachment</c>).</summary>
    /// <value>The default is none (shown inline).</value>
    public string? FileName { get; init; }

    /// <summary>
    /// On the S3 backend, the bucket's own presigned URL (the bytes then bypass this runtime; the
    /// size limit of a PUT is not enforced by S3). The local backend has none and ignores it.
    /// </summary>
    /// <value>The default is false.</value>
    public bool Direct { get; init; }
}
