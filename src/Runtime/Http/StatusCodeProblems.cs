using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Gives every error the app answers without a body a problem body, so every error a client sees
/// has the same shape: the router's 404 (no route) and 405 (route, wrong method; <c>Allow</c> is
/// kept), and any other 4xx/5xx a runtime endpoint leaves empty. An exception escaping a runtime
/// endpoint before its response started becomes a problem too (a logged 500, or the client's
/// mistake when Kestrel says so) rather than the server's empty 500. Being the first middleware to
/// answer in problems, it also refuses, before any endpoint reads a body, a transfer coding besides
/// <c>chunked</c>, which the server would pass on undecoded.
/// </summary>
internal sealed class StatusCodeProblems(RequestDelegate next, ProblemResponses problems)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Headers.TransferEncoding.Count > 0 && !IsChunkedOnly(http.Request.Headers.TransferEncoding))
        {
            // Kestrel undoes only the chunked framing: with "gzip, chunked" every body reader (actions, uploads, webhooks)
            // would take the compressed bytes for the body. RFC 9112 suggests 501, but a 5xx a client can cause would count
            // as the server's error in every error rate.
            return problems.WriteAsync(http, StatusCodes.Status400BadRequest, "unsupported_transfer_encoding",
                "Only the chunked transfer coding is supported: send the body uncompressed, with Content-Length or Transfer-Encoding: chunked.");
        }

        Task task;
        try
        {
            task = next(http);
        }
        catch (Exception ex)
        {
            return problems.WriteExceptionAsync(http, "runtime", ex);
        }

        return task.IsCompletedSuccessfully ? AfterAsync(http) : AwaitThenAfterAsync(task, http);
    }

    private async Task AwaitThenAfterAsync(Task task, HttpContext http)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await problems.WriteExceptionAsync(http, "runtime", ex).ConfigureAwait(false);
            return;
        }

        await AfterAsync(http).ConfigureAwait(false);
    }

    private Task AfterAsync(HttpContext http)
    {
        var response = http.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentType is not null || response.ContentLength is not null)
            return Task.CompletedTask;
        return response.StatusCode switch
        {
            404 => problems.WriteAsync(http, 404, "not_found", $"No action is served at {ProblemResponses.TargetOf(http)}."),
            405 => problems.WriteAsync(http, 405, "method_not_allowed",
                $"{http.Request.Method} is not allowed at {ProblemResponses.TargetOf(http)}; allowed: {response.Headers.Allow}."),
            var status => problems.WriteAsync(http, status, CodeOf(status), $"{ReasonPhrases.GetReasonPhrase(status)}."),
        };
    }

    private static bool IsChunkedOnly(Microsoft.Extensions.Primitives.StringValues codings)
    {
        foreach (var header in codings)
        {
            foreach (var coding in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!string.Equals(coding, "chunked", StringComparison.OrdinalIgnoreCase))
                    return false;
            }
        }

        return true;
    }

    private static string CodeOf(int status) => status switch
    {
        400 => "bad_request",
        408 => "request_timeout",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        431 => "request_headers_too_large",
        500 => "internal_error",
        503 => "service_unavailable",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase.ToLowerInvariant().Replace(' ', '_').Replace("-", "", StringComparison.Ordinal)
            : "error",
    };
}
