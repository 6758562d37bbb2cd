using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// The runtime's file route, <c>/_files/KEY</c>: GET/HEAD and PUT of one object with a signed URL
/// (<see cref="SignedFileUrls"/>), no session needed. A key that is not one is 400, an altered,
/// expired or other-method URL 403, a PUT over its limit 413 (Kestrel's body limit, raised for this
/// request to the URL's) and of another type than signed 415; nothing is stored then.
/// </summary>
internal static class FileRoutes
{
    public static void MapFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(SignedFileUrls.RoutePrefix + "{**key}", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put], HandleAsync)
            .WithDisplayName("signed file URL");
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var problems = services.GetRequiredService<ProblemResponses>();
        // Kestrel has decoded the path (all but %2F, which stays literal: a key segment holds no "/"). The route
        // also matches "/_files" with no key (and in any case): that is the empty key, 400 like "/_files/".
        var key = http.Request.RouteValues["key"] as string ?? "";
        if (StorageKeys.Problem(key) is { } problem)
        {
            await problems.WriteAsync(http, 400, "invalid_storage_key", problem).ConfigureAwait(false);
            return;
        }

        var (claims, refusal) = services.GetRequiredService<SignedFileUrls>().Verify(key, http.Request.Method, http.Request.Query);
        if (claims is null)
        {
            await problems.WriteAsync(http, 403, "signed_url_refused", refusal!).ConfigureAwait(false);
            return;
        }

        if (claims.Method == SignedUrlMethod.Get)
            await FileResponses.WriteStoredAsync(http, key, claims.FileName, inline: claims.FileName is null).ConfigureAwait(false);
        else
            await PutAsync(http, key, claims, problems).ConfigureAwait(false);
    }

    private static async Task PutAsync(HttpContext http, string key, SignedFileClaims claims, ProblemResponses problems)
    {
        var request = http.Request;
        var max = claims.MaxBytes ?? http.RequestServices.GetRequiredService<StorageOptions>().MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;
        if (request.ContentLength > max)
        {
            await problems.WriteAsync(http, 413, "payload_too_large", $"The file is larger than the limit of {max} bytes; nothing was stored.").ConfigureAwait(false);
            return;
        }

        var contentType = request.ContentType;
        if (claims.ContentType is { } signed && !SameMediaType(signed, contentType))
        {
            await problems.WriteAsync(http, 415, "unsupported_media_type", $"This URL accepts {signed} only; got '{contentType ?? "none"}'.").ConfigureAwait(false);
            return;
        }

        var digest = ChecksumDigests.Read(request.Headers, out var digestError);
        if (digestError is not null)
        {
            await problems.WriteAsync(http, 400, "checksum_mismatch", digestError).ConfigureAwait(false);
            return;
        }

        StoredObjectInfo info;
        try
        {
            info = await http.RequestServices.GetRequiredService<IFileStorage>()
                .PutAsync(key, request.Body, new StoragePutOptions { ContentType = claims.ContentType ?? contentType, ExpectedSha256 = digest }, http.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (RequestBodyErrors.IsBodyReadFailure(http, ex) && RequestBodyErrors.Explain(http, ex, max) is { } bodyProblem)
        {
            var detail = bodyProblem.Status == 413 ? $"The file is larger than the limit of {max} bytes; nothing was stored." : bodyProblem.Message;
            await problems.WriteAsync(http, bodyProblem.Status, bodyProblem.Code, detail).ConfigureAwait(false);
            return;
        }
        catch (StorageChecksumException ex)
        {
            await problems.WriteAsync(http, 400, ex.Code, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (ArgumentException ex) when (ex.ParamName == "contentType")
        {
            await problems.WriteAsync(http, 415, "unsupported_media_type", $"The Content-Type '{claims.ContentType ?? contentType}' is not a media type in visible ASCII.").ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.ETag = $"\"{info.ETag}\"";
        var json = http.RequestServices.GetRequiredService<JsonContracts>();
        await http.Response.WriteAsJsonAsync(new SignedPutResult(info.Key, info.Length, info.ContentType, info.ETag, info.Sha256), json.Options, http.RequestAborted).ConfigureAwait(false);
    }

    private static bool SameMediaType(string signed, string? sent) =>
        MediaTypeHeaderValue.TryParse(signed, out var expected) && MediaTypeHeaderValue.TryParse(sent, out var actual)
        && expected.MediaType.Equals(actual.MediaType, StringComparison.OrdinalIgnoreCase);
}
