using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Writes every error as RFC 9457 <c>application/problem+json</c> with <c>code</c> and
/// <c>traceId</c>, as <see cref="ErrorClassifier"/> classifies it (status, detail, field errors,
/// headers, how it is logged); server details stay out of responses outside Development.
/// </summary>
internal sealed partial class ProblemResponses(JsonContracts json, IHostEnvironment environment, BunbaseOptions options, DatabaseOutages outages, ILogger<ProblemResponses> logger)
{
    private const string ContentType = "application/problem+json; charset=utf-8";
    private readonly long _maxBodySize = options.MaxRequestBodySize;
    private readonly bool _development = environment.IsDevelopment();

    /// <summary>Answers a problem that no exception raised (an unmatched route, a status from the server).</summary>
    public Task WriteAsync(HttpContext http, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = ErrorClassifier.ForStatus(status, code, detail, errors);
        return WriteAsync(http, problem, problem.Detail);
    }

    /// <summary>Answers for an exception escaping a runtime endpoint.</summary>
    public Task WriteExceptionAsync(HttpContext http, string action, Exception exception) =>
        WriteExceptionAsync(http, action, exception, ErrorClassifier.Classify(exception, http.RequestAborted));

    /// <summary>Answers for an exception escaping an action (or its binding), as the pipeline classified it.</summary>
    public Task WriteExceptionAsync(HttpContext http, string action, Exception exception, ErrorClassification classification)
    {
        // The client went away; there is no one to answer.
        if (classification.CallerGone)
            return Task.CompletedTask;
        if (http.Response.HasStarted)
        {
            LogAfterStart(logger, action, exception);
            http.Abort();
            return Task.CompletedTask;
        }

        // Kestrel's body errors are worded from the request (chunked or not, the minimum data rate).
        if (RequestBodyErrors.IsBodyReadFailure(http, exception) && RequestBodyErrors.Explain(http, exception, _maxBodySize) is { } body)
            classification = body.Classification;
        switch (classification.Logging)
        {
            case ErrorLogging.Outage:
                // A dependency outage, not a bug: summarised in the log, not a stack trace per request.
                outages.Report(action, exception);
                break;
            case ErrorLogging.InvalidOutput:
                LogInvalidOutput(logger, action, exception.Message, TraceIds.Of(http));
                break;
            case ErrorLogging.Unhandled:
                LogUnhandled(logger, action, TraceIds.Of(http), exception);
                break;
        }

        return WriteAsync(http, classification, classification.DetailFor(exception, _development));
    }

    /// <summary>The request's path, or its raw target when it has none: <c>OPTIONS *</c> (the asterisk form) names no path.</summary>
    public static string TargetOf(HttpContext http) =>
        http.Request.Path.HasValue ? http.Request.Path.Value! : http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";

    private Task WriteAsync(HttpContext http, ErrorClassification classification, string detail)
    {
        var status = classification.Status;
        var problem = classification.Errors is not { } errors
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        problem.Type = "about:blank";
        problem.Status = status;
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        problem.Detail = detail;
        problem.Instance = TargetOf(http);
        problem.Extensions["code"] = classification.Code;
        problem.Extensions["traceId"] = TraceIds.Of(http);

        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (classification.Challenge is { } challenge && response.Headers.WWWAuthenticate.Count == 0)
            response.Headers.WWWAuthenticate = challenge;
        if (classification.RetryAfter is { } retryAfter)
            response.Headers.RetryAfter = retryAfter;

        // Say so, so clients do not reuse a connection whose unread rest of a body makes it unusable.
        if (classification.ClosesConnection)
            response.Headers.Connection = "close";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            response.ContentType = ContentType;
            return Task.CompletedTask;
        }

        return response.WriteAsJsonAsync(problem, problem.GetType(), json.Options, ContentType, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Action {Action} failed (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, string action, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server bug in action {Action} (trace {TraceId}): {Problem}")]
    private static partial void LogInvalidOutput(ILogger logger, string action, string problem, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Action {Action} failed after its response started; connection aborted")]
    private static partial void LogAfterStart(ILogger logger, string action, Exception exception);
}
