using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Answers with a file (an action's <see cref="FileDownload"/>, a signed GET): ASP.NET Core's own
/// file result does <c>Range</c> (206, 416), <c>If-Range</c>, <c>If-None-Match</c>/<c>If-Modified-Since</c>
/// (304) and HEAD; the content is streamed from the store in place (no copy in memory), read from
/// the first byte the range asks for.
/// </summary>
internal static class FileResponses
{
    public static async Task WriteAsync(HttpContext http, FileDownload download)
    {
        if (download.Content is { } content)
        {
            await using (content.ConfigureAwait(false))
            {
                SetDisposition(http, download.FileName, download.Inline);
                await Results.Stream(content, download.ContentType, enableRangeProcessing: content.CanSeek).ExecuteAsync(http).ConfigureAwait(false);
            }

            return;
        }

        await WriteStoredAsync(http, download.Key!, download.FileName, download.Inline, download.ContentType).ConfigureAwait(false);
    }

    /// <summary>Answers with the object stored under <paramref name="key"/>, or a 404 (or 400 for a key that is not one) problem.</summary>
    public static async Task WriteStoredAsync(HttpContext http, string key, string? fileName, bool inline, string? contentType = null)
    {
        var storage = http.RequestServices.GetRequiredService<IFileStorage>();
        var problems = http.RequestServices.GetRequiredService<ProblemResponses>();
        StoredObjectInfo? info;
        try
        {
            info = await storage.HeadAsync(key, http.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidStorageKeyException ex)
        {
            await problems.WriteAsync(http, 400, ex.Code, ex.Message).ConfigureAwait(false);
            return;
        }

        if (info is null)
        {
            await problems.WriteAsync(http, 404, "file_not_found", "There is no such file.").ConfigureAwait(false);
            return;
        }

        var stream = new SeekableObjectStream(storage, info);
        await using (stream.ConfigureAwait(false))
        {
            SetDisposition(http, fileName, inline);
            var etag = new EntityTagHeaderValue($"\"{info.ETag}\"");
            await Results.Stream(stream, contentType ?? info.ContentType, lastModified: info.LastModified, entityTag: etag, enableRangeProcessing: true)
                .ExecuteAsync(http).ConfigureAwait(false);
        }
    }

    private static void SetDisposition(HttpContext http, string? fileName, bool inline)
    {
        if (fileName is not null && !inline)
            http.Response.Headers.ContentDisposition = ContentDispositions.Attachment(fileName);
        else
            http.Response.Headers.ContentDisposition = ContentDispositions.Inline(fileName);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // A stored file's type is whatever its uploader said: served from the app's own origin, an HTML or SVG file
        // could run script there. Sandboxed with nothing allowed, a browser renders it as an inert document.
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
    }
}
