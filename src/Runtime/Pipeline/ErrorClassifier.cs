using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Data;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The one place an exception is classified, whatever the transport (see <see cref="ErrorClassification"/>).
/// Runtime exceptions that implement <see cref="IClassifiedError"/> carry their own; typed
/// <see cref="ActionException"/>s answer with their status and code; database outages and refused
/// text are recognised by <see cref="DatabaseErrors"/>; anything else is a 500 <c>internal_error</c>.
/// </summary>
internal static class ErrorClassifier
{
    private static readonly ErrorClassification Gone = new(499, "client_closed_request", "The client went away.", ActionOutcome.Cancelled, retryable: true);

    private static readonly ErrorClassification DatabaseUnavailable =
        new(503, "database_unavailable", "The database is unavailable; try again shortly.", ActionOutcome.Failed, retryable: true)
        {
            Logging = ErrorLogging.Outage,
            RetryAfter = DatabaseOutages.RetryAfterSeconds,
        };

    private static readonly ErrorClassification DatabaseUnavailableGivenUp =
        new(503, "database_unavailable", "The database is unavailable; try again shortly.", ActionOutcome.Failed, retryable: false)
        {
            Logging = ErrorLogging.Outage,
            RetryAfter = DatabaseOutages.RetryAfterSeconds,
        };

    private static readonly ErrorClassification InvalidText =
        new(400, "invalid_text", "The request holds text the database cannot store (a NUL character, U+0000, or half of a character).", ActionOutcome.Rejected, retryable: false);

    /// <param name="exception">What escaped the invocation.</param>
    /// <param name="cancellation">The invocation's token: when it fired, a cancellation or broken connection is the caller going away.</param>
    public static ErrorClassification Classify(Exception exception, CancellationToken cancellation) => exception switch
    {
        _ when CallerWentAway(exception, cancellation) => Gone,
        IClassifiedError own => own.Classification,
        ActionException typed => Typed(typed),
        BadHttpRequestException bad => BadRequest(bad.StatusCode),
        InvalidEventException invalid => new ErrorClassification(400, "invalid_event", invalid.Message, ActionOutcome.Rejected, retryable: false) { Typed = true },
        InvalidChannelMessageException invalid => new ErrorClassification(400, "invalid_channel_message", invalid.Message, ActionOutcome.Rejected, retryable: false) { Typed = true },
        _ when DatabaseErrors.IsOutage(exception) => GivenUp(exception) ? DatabaseUnavailableGivenUp : DatabaseUnavailable,
        _ when DatabaseErrors.IsRefusedText(exception) => InvalidText,
        _ => new ErrorClassification(500, "internal_error", ErrorClassification.GenericDetail, ActionOutcome.Failed, retryable: !GivenUp(exception))
        {
            Logging = ErrorLogging.Unhandled,
        },
    };

    /// <summary>A problem answered without an exception (an unmatched route, a status from the server): headers by the same rules.</summary>
    public static ErrorClassification ForStatus(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(status, code, detail, status < 500 ? ActionOutcome.Rejected : ActionOutcome.Failed, Retryable(status)) { Errors = errors };

    /// <summary>Whether the exception is the caller's departure showing through (a cancelled wait, a reset connection, a body cut off) rather than a fault.</summary>
    public static bool CallerWentAway(Exception exception, CancellationToken cancellation) =>
        cancellation.IsCancellationRequested && exception is OperationCanceledException or IOException or BadHttpRequestException;

    private static ErrorClassification Typed(ActionException typed) =>
        new(typed.Status, typed.Code, typed.Message, typed.Status < 500 ? ActionOutcome.Rejected : ActionOutcome.Failed, Retryable(typed.Status))
        {
            Typed = true,
            Challenge = typed is SessionRejectedException rejected ? rejected.Challenge : typed.Status == 401 ? "Bearer" : null,
            RetryAfter = typed is TooManyRequestsException limited
                ? Math.Max(1, (long)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                : null,
        };

    /// <summary>A body the server could not read (the HTTP transport words the detail from the request).</summary>
    private static ErrorClassification BadRequest(int status) =>
        new(status, status switch
        {
            413 => "payload_too_large",
            408 => "request_timeout",
            400 => "malformed_body",
            _ => "bad_request",
        }, "The request is not valid HTTP.", ActionOutcome.Rejected, retryable: true);

    /// <summary>The handler said trying again cannot help, or the job's stored input cannot be read.</summary>
    private static bool GivenUp(Exception exception) => exception is NonRetryableException or JsonException;

    /// <summary>A typed 4xx is the caller's mistake: trying again cannot help, except after a timeout or a rate limit.</summary>
    private static bool Retryable(int status) => status is not (>= 400 and < 500) || status is 408 or 429;
}
