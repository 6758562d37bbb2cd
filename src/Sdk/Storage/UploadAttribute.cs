namespace Bunbase;

/// <summary>
/// Limits of a <see cref="FileUpload"/> input property: its largest size and the media types it
/// accepts. A larger file is answered 413 <c>payload_too_large</c>, another type 415
/// <c>unsupported_media_type</c>, both before the handler runs (nothing is stored).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class UploadAttribute : Attribute
{
    /// <summary>The largest file, in bytes.</summary>
    /// <value>The default is 0: <c>storage.maxUploadBytes</c> (100 MiB unless configured).</value>
    public long MaxBytes { get; set; }

    /// <summary>The media types accepted (<c>image/png</c>, or <c>image/*</c> for a family).</summary>
    /// <value>The default is none: any type.</value>
#pragma warning disable CA1819 // Attribute arguments are arrays.
    public string[] ContentTypes { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>Whether the client must send the file's SHA-256 (a <c>Digest</c>/<c>Repr-Digest</c> <c>sha-256=</c> header, or the <c>X-Content-SHA256</c> header in hex) for it to be checked.</summary>
    /// <value>The default is false: a digest the client sends is checked, none is fine.</value>
    public bool RequireChecksum { get; set; }
}
