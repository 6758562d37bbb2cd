using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Files (<c>storage.*</c>): where <c>ctx.Storage</c> keeps objects and how large an upload may be.</summary>
public sealed class StorageOptions
{
    /// <summary>Where objects live: <c>local</c> (files under <see cref="LocalPath"/>) or <c>s3</c> (<c>storage.s3.*</c>).</summary>
    /// <value>The default (none) is <c>s3</c> when <c>storage.s3.bucket</c> is set, else <c>local</c>.</value>
    public string? Backend { get; set; }

    /// <summary>The folder of the local backend, relative to the configuration's folder.</summary>
    /// <value>The default is <c>.bunbase/storage</c>.</value>
    [Required]
    public string LocalPath { get; set; } = ".bunbase/storage";

    /// <summary>
    /// The largest upload, in bytes: of a <c>FileUpload</c> input without its own
    /// <c>[Upload(MaxBytes = ...)]</c>, and of a PUT to a signed URL without its own limit. Uploads
    /// are not bound by <c>maxRequestBodySize</c> (which is for JSON bodies).
    /// </summary>
    /// <value>The default is 104,857,600 (100 MiB).</value>
    [Range(1, 1L << 40)]
    public long MaxUploadBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>The S3-compatible bucket (<c>storage.s3.*</c>).</summary>
    public S3StorageOptions S3 { get; set; } = new();
}
