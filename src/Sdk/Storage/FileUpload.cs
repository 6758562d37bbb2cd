namespace Bunbase;

/// <summary>
/// A file sent with a request: an input property of this type makes the action take
/// <c>multipart/form-data</c> (this property a file part, the other properties form fields), or,
/// when it is the input's only body property, the raw request body. The content was streamed to a
/// temporary file (within <see cref="UploadAttribute"/>'s limits, its SHA-256 computed on the way)
/// that is deleted when the request ends: store it with <c>ctx.Storage.PutAsync(key, upload.OpenReadStream(), ...)</c>.
/// </summary>
public sealed class FileUpload
{
    private readonly Func<Stream> _open;

    /// <summary>Describes a file whose content <paramref name="open"/> reads (tests and in-process calls make their own).</summary>
    /// <param name="fileName">The name the client gave (no path); may be empty.</param>
    /// <param name="contentType">The media type the client declared.</param>
    /// <param name="length">The content's length in bytes.</param>
    /// <param name="open">Opens the content for reading, from its start, each time it is called.</param>
    /// <param name="sha256">The content's SHA-256 in lowercase hex, when known.</param>
    public FileUpload(string fileName, string contentType, long length, Func<Stream> open, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(open);
        FileName = fileName;
        ContentType = contentType;
        Length = length;
        Sha256 = sha256;
        _open = open;
    }

    /// <summary>The file name the client sent (without any directory part); empty when it sent none. Never use it as a storage key unchecked.</summary>
    public string FileName { get; }

    /// <summary>The media type the client declared (<c>application/octet-stream</c> when none).</summary>
    public string ContentType { get; }

    /// <summary>The content's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The SHA-256 of the content in lowercase hex (computed while it arrived).</summary>
    public string? Sha256 { get; }

    /// <summary>Opens the content for reading from its start (each call a new stream; dispose it).</summary>
    public Stream OpenReadStream() => _open();

    /// <summary>For logs: the file's name, type and length.</summary>
    public override string ToString() => $"{FileName} ({ContentType}, {Length} bytes)";
}
