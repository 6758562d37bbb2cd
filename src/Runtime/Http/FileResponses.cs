using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;

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

        if (storage is ILocalFiles { AreLocal: true } local && await TryWriteLocalAsync(http, local, key, fileName, inline, contentType, problems).ConfigureAwait(false))
            return;
        var stream = new SeekableObjectStream(storage, info);
        await using (stream.ConfigureAwait(false))
        {
            SetDisposition(http, fileName, inline);
            var etag = new EntityTagHeaderValue($"\"{info.ETag}\"");
            await Results.Stream(stream, Sendable(contentType ?? info.ContentType), lastModified: info.LastModified, entityTag: etag, enableRangeProcessing: true)
                .ExecuteAsync(http).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A local object as the file it is: the framework's physical-file result (ranges, conditions, HEAD) sent through
    /// <see cref="FileBodyFeature"/> from the blob opened first. A blob replaced before it was opened, or before the
    /// result looked at it, is looked up again; false when the key keeps changing.
    /// </summary>
    private static async Task<bool> TryWriteLocalAsync(HttpContext http, ILocalFiles local, string key, string? fileName, bool inline, string? contentType, ProblemResponses problems)
    {
        var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await local.LocateAsync(key, http.RequestAborted).ConfigureAwait(false) is not { } located)
            {
                await problems.WriteAsync(http, 404, "file_not_found", "There is no such file.").ConfigureAwait(false);
                return true;
            }

            var (info, path) = located;
            SafeFileHandle file;
            try
            {
                file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            using (file)
            {
                SetDisposition(http, fileName, inline);
                var etag = new EntityTagHeaderValue($"\"{info.ETag}\"");
                http.Features.Set<IHttpResponseBodyFeature>(new FileBodyFeature(body, path, file));
                try
                {
                    // The result looks the path up before it sets any header: a blob deleted since it was opened throws here.
                    await Results.File(path, Sendable(contentType ?? info.ContentType), fileDownloadName: null, info.LastModified, etag, enableRangeProcessing: true)
                        .ExecuteAsync(http).ConfigureAwait(false);
                    return true;
                }
                catch (FileNotFoundException) when (!http.Response.HasStarted)
                {
                }
                finally
                {
                    http.Features.Set(body);
                }
            }
        }

        return false;
    }

    /// <summary>A stored type Kestrel cannot send (stored elsewhere, or before types were checked) goes as bytes rather than failing every download.</summary>
    private static string Sendable(string contentType) => HeaderValues.IsMediaType(contentType) ? contentType : "application/octet-stream";

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
