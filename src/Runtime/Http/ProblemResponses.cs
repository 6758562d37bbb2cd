using System.Globalization;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Writes every error as RFC 9457 <c>application/problem+json</c> with <c>code</c> and
/// <c>traceId</c>; maps exceptions to statuses, and keeps server details out of responses
/// outside Development.
/// </summary>
internal sealed partial class ProblemResponses(JsonContracts json, IHostEnvironment environment, BunbaseOptions options, DatabaseOutages outages, ILogger<ProblemResponses> logger)
{
    private const string ContentType = "application/problem+json; charset=utf-8";
    private readonly long _maxBodySize = options.MaxRequestBodySize;

    public Task WriteAsync(HttpContext http, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        problem.Type = "about:blank";
        problem.Status = status;
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        problem.Detail = detail;
        problem.Instance = http.Request.Path.Value;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = TraceIds.Of(http);

        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";

        // RFC 9110: every 401 names how to authenticate.
        if (status == StatusCodes.Status401Unauthorized && response.Headers.WWWAuthenticate.Count == 0)
            response.Headers.WWWAuthenticate = "Bearer";

        // The unread rest of an oversized, stalled or garbled body makes the connection unusable: say so, so clients do not reuse it.
        if (status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status408RequestTimeout || code == "malformed_body")
            response.Headers.Connection = "close";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            response.ContentType = ContentType;
            return Task.CompletedTask;
        }

        return response.WriteAsJsonAsync(problem, problem.GetType(), json.Options, ContentType, http.RequestAborted);
    }

    /// <summary>Answers for an exception escaping an action (or its binding).</summary>
    public Task WriteExceptionAsync(HttpContext http, string action, Exception exception)
    {
        // The client went away; there is no one to answer.
        if (ClientGone.Explains(exception, http.RequestAborted))
            return Task.CompletedTask;
        if (http.Response.HasStarted)
        {
            LogAfterStart(logger, action, exception);
            http.Abort();
            return Task.CompletedTask;
        }

        switch (exception)
        {
            case RequestBindingException binding:
                return WriteAsync(http, binding.Status, binding.Code, binding.Message, binding.Errors);
            case InputValidationException validation:
                return WriteAsync(http, 400, "validation_failed", "One or more fields are invalid.", validation.Errors);
            case SessionRejectedException rejected:
                http.Response.Headers.WWWAuthenticate = rejected.Challenge;
                return WriteAsync(http, rejected.Status, rejected.Code, rejected.Message);
            case TooManyRequestsException limited:
                var seconds = Math.Max(1, (long)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return WriteAsync(http, limited.Status, limited.Code, limited.Message);
            case ActionException typed:
                return WriteAsync(http, typed.Status, typed.Code, typed.Message);
            case BadHttpRequestException badRequest:
                var problem = RequestBodyErrors.Explain(http, badRequest, _maxBodySize);
                return WriteAsync(http, problem.Status, problem.Code, problem.Message);
            case var _ when DatabaseErrors.IsOutage(exception):
                // A dependency outage, not a bug: summarised in the log, not a stack trace per request.
                outages.Report(action, exception);
                http.Response.Headers.RetryAfter = DatabaseOutages.RetryAfterSeconds;
                return WriteAsync(http, 503, "database_unavailable", "The database is unavailable; try again shortly.");
            case var _ when DatabaseErrors.IsRefusedText(exception):
                return WriteAsync(http, 400, "invalid_text", "The request holds text the database cannot store (a NUL character, U+0000).");
            case OutputValidationException output:
                LogInvalidOutput(logger, action, output.Message, TraceIds.Of(http));
                return WriteAsync(http, 500, "invalid_output", environment.IsDevelopment() ? output.Message : "An unexpected error occurred.");
            default:
                LogUnhandled(logger, action, TraceIds.Of(http), exception);
                return WriteAsync(http, 500, "internal_error", environment.IsDevelopment() ? exception.ToString() : "An unexpected error occurred.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Action {Action} failed (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, string action, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server bug in action {Action} (trace {TraceId}): {Problem}")]
    private static partial void LogInvalidOutput(ILogger logger, string action, string problem, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Action {Action} failed after its response started; connection aborted")]
    private static partial void LogAfterStart(ILogger logger, string action, Exception exception);
}
