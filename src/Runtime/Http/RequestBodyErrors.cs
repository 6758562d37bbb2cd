using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Bunbase.Runtime.Http;

/// <summary>
/// What went wrong while the server read a request body, in the client's terms: a body over the
/// limit (413 <c>payload_too_large</c>), one sent too slowly (408 <c>request_timeout</c>), or one
/// whose framing is broken (400 <c>malformed_body</c>: a chunk size that is not a hex number or
/// overflows, a chunk not followed by CRLF). Kestrel reports most of these as
/// <see cref="BadHttpRequestException"/>, but a chunk size too large for a number escapes its parser
/// as another exception; every failure of the body reader that is not the client going away is the
/// client's framing.
/// </summary>
internal static class RequestBodyErrors
{
    /// <summary>The problem for an exception thrown by the request body reader, or null when the client went away (no one to answer).</summary>
    public static RequestBindingException? Explain(HttpContext http, Exception exception, long maxBodySize)
    {
        if (http.RequestAborted.IsCancellationRequested || exception is OperationCanceledException)
            return null;
        if (exception is BadHttpRequestException bad)
            return Explain(http, bad, maxBodySize);
        return Malformed(http);
    }

    /// <summary>
    /// Whether an exception is the request body reader's: Kestrel's <see cref="BadHttpRequestException"/>, or the
    /// <see cref="IOException"/> around an <see cref="OverflowException"/> that a chunk size too large for a number
    /// escapes as. Callers that read the body through other code (storage, a library) ask this first, so that their
    /// own failures (a full disk) are not taken for the client's framing.
    /// </summary>
    public static bool IsBodyReadFailure(HttpContext http, Exception exception) =>
        exception is BadHttpRequestException
        || (exception is IOException { InnerException: OverflowException }
            && http.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase));

    public static RequestBindingException Explain(HttpContext http, BadHttpRequestException exception, long maxBodySize) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge(maxBodySize),
        StatusCodes.Status408RequestTimeout => TooSlow(http),
        StatusCodes.Status400BadRequest => Malformed(http),
        // Trailers after a chunked body count against the header limits.
        StatusCodes.Status431RequestHeaderFieldsTooLarge => new RequestBindingException(exception.StatusCode, "request_headers_too_large",
            "The trailers after the chunked body are over the server's limit for headers."),
        _ => new RequestBindingException(exception.StatusCode, "bad_request", "The request is not valid HTTP."),
    };

    /// <summary>
    /// How long a body may pause once the server is stopping. Kestrel then cancels the pending read (a read that
    /// comes back cancelled, not completed) and no longer enforces its minimum data rate, so a client that stopped
    /// sending would hold the stop until <c>shutdownTimeoutMs</c>. A body still arriving is read to its end; one
    /// that pauses longer than the rate's grace period is cut (<see cref="CutByShutdown"/>).
    /// </summary>
    public static TimeSpan StallAfterShutdown(HttpContext http) =>
        http.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate?.GracePeriod ?? TimeSpan.FromSeconds(5);

    /// <summary>
    /// A body that stopped arriving while the server is stopping: what came is incomplete and is not parsed (it
    /// is not the client's bad JSON). The answer is 503 <c>shutting_down</c>, and the connection is closed once it
    /// is sent, since the rest of the body will not be read.
    /// </summary>
    public static RequestBindingException CutByShutdown(HttpContext http)
    {
        http.Response.OnCompleted(static context =>
        {
            ((HttpContext)context).Abort();
            return Task.CompletedTask;
        }, http);
        return new RequestBindingException(503, "shutting_down", "The server is shutting down and the request body stopped arriving; send the request again.");
    }

    public static RequestBindingException TooLarge(long maxBodySize) =>
        new(413, "payload_too_large", $"The request body is larger than the limit of {maxBodySize} bytes.");

    private static RequestBindingException Malformed(HttpContext http)
    {
        var chunked = http.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
        return new RequestBindingException(400, "malformed_body", chunked
            ? "The request body's chunked transfer coding is malformed: each chunk must start with its size in hexadecimal (at most 7fffffff) and end with CRLF."
            : "The request body does not match its Content-Length.");
    }

    private static RequestBindingException TooSlow(HttpContext http)
    {
        var rate = http.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate;
        var detail = rate is null
            ? "The request body arrived too slowly; send it without pauses."
            : string.Create(CultureInfo.InvariantCulture, $"The request body arrived too slowly: after the first {rate.GracePeriod.TotalSeconds:0} seconds it must come at {rate.BytesPerSecond:0} bytes per second or more.");
        return new RequestBindingException(408, "request_timeout", detail);
    }
}
