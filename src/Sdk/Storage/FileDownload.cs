using System.Text.Json.Serialization;

namespace Bunbase;

/// <summary>
/// An action output that is a file: the runtime answers with the content itself (its type,
/// length, ETag and <c>Content-Disposition</c>), streamed, with <c>Range</c> (206),
/// <c>If-Range</c> and <c>If-None-Match</c> (304) handled. A stored object that does not exist is
/// answered 404 <c>file_not_found</c>.
/// </summary>
public sealed class FileDownload
{
    private FileDownload(string? key, Stream? content, string? contentType, string? fileName, bool inline)
    {
        Key = key;
        Content = content;
        ContentType = contentType;
        FileName = fileName;
        Inline = inline;
    }

    /// <summary>The stored object answered with, when it is one.</summary>
    public string? Key { get; }

    /// <summary>The stream answered with, when it is one (disposed once written).</summary>
    [JsonIgnore]
    public Stream? Content { get; }

    /// <summary>The media type answered with (a stored object's own when null).</summary>
    public string? ContentType { get; }

    /// <summary>The file name the client saves it as; null for none.</summary>
    public string? FileName { get; }

    /// <summary>Whether the browser shows it (<c>inline</c>) rather than saves it (<c>attachment</c>).</summary>
    public bool Inline { get; }

    /// <summary>Answers with the object stored under <paramref name="key"/> in <c>ctx.Storage</c>.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="fileName">The file name to save it as; null for none.</param>
    /// <param name="inline">Shown by the browser rather than saved.</param>
    public static FileDownload FromStorage(string key, string? fileName = null, bool inline = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new FileDownload(key, null, null, fileName, inline);
    }

    /// <summary>
    /// Answers with <paramref name="content"/> (disposed once written). A seekable stream gets ranges;
    /// another is sent whole.
    /// </summary>
    /// <param name="content">The content.</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="fileName">The file name to save it as; null for none.</param>
    /// <param name="inline">Shown by the browser rather than saved.</param>
    public static FileDownload FromStream(Stream content, string contentType, string? fileName = null, bool inline = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new FileDownload(null, content, contentType, fileName, inline);
    }
}
