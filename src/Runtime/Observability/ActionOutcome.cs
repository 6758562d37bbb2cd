using Bunbase.Runtime.Data;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// How an execution ended, as a bounded label: <c>ok</c>, <c>rejected</c> (the caller's mistake:
/// a 4xx), <c>failed</c> (the server's: a 5xx) or <c>cancelled</c> (the caller went away); and
/// for errors, the problem code the caller sees.
/// </summary>
internal readonly record struct ActionOutcome(string Status, string? ErrorType)
{
    public const string Ok = "ok";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static ActionOutcome Of(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        _ when ClientGone.Explains(exception, cancellationToken) => new(Cancelled, null),
        InputValidationException => new(Rejected, "validation_failed"),
        RequestBindingException binding => new(Rejected, binding.Code),
        ActionException typed => new(typed.Status < 500 ? Rejected : Failed, typed.Code),
        BadHttpRequestException bad => new(Rejected, bad.StatusCode switch
        {
            413 => "payload_too_large",
            408 => "request_timeout",
            400 => "malformed_body",
            _ => "bad_request",
        }),
        OutputValidationException => new(Failed, "invalid_output"),
        _ when DatabaseErrors.IsOutage(exception) => new(Failed, "database_unavailable"),
        _ when DatabaseErrors.IsRefusedText(exception) => new(Rejected, "invalid_text"),
        _ => new(Failed, "internal_error"),
    };
}
