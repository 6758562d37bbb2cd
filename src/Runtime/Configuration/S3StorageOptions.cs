using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>An S3-compatible bucket (<c>storage.s3.*</c>): AWS S3, MinIO, R2 and the like.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The bucket's name (it must exist).</summary>
    /// <value>The default is none.</value>
    public string? Bucket { get; set; }

    /// <summary>The service's URL, for another provider than AWS (<c>http://127.0.0.1:9000</c>).</summary>
    /// <value>The default is none: AWS S3 in <see cref="Region"/>.</value>
    public string? ServiceUrl { get; set; }

    /// <summary>The region.</summary>
    /// <value>The default is <c>us-east-1</c>.</value>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The access key id; with <see cref="SecretAccessKey"/>, else the SDK's default credentials (environment, profile, instance role).</summary>
    /// <value>The default is none.</value>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret access key.</summary>
    /// <value>The default is none.</value>
    public string? SecretAccessKey { get; set; }

    /// <summary>Whether the bucket is addressed in the path (<c>http://host/bucket/key</c>) rather than the host name, as most S3-compatible servers need.</summary>
    /// <value>The default is true when <see cref="ServiceUrl"/> is set, else false.</value>
    public bool? ForcePathStyle { get; set; }

    /// <summary>A prefix put before every key in the bucket (<c>app/</c>), so apps can share one.</summary>
    /// <value>The default is none.</value>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// The longest one call to the bucket may take, in milliseconds, the SDK's retries and an upload's body
    /// included; past it the call fails (503 <c>storage_unavailable</c>) rather than hold the request.
    /// </summary>
    /// <value>The default is 60,000.</value>
    [Range(100, 3_600_000)]
    public int TimeoutMs { get; set; } = 60_000;
}
