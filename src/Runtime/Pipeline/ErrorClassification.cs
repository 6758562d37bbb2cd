
namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What a failure means, decided once (see <see cref="ErrorClassifier"/>) and read by everything that
/// reports it: the problem response (status, code, detail, field errors, headers), metrics and the run
/// log (<see cref="Outcome"/>), the log (<see cref="Logging"/>) and job retries (<see cref="Retryable"/>).
/// </summary>
internal sealed class ErrorClassification
{
    /// <summary>What a server fault tells callers outside Development.</summary>
    public const string GenericDetail = "An unexpected error occurred.";

    public ErrorClassification(int status, string code, string detail, string outcome, bool retryable)
    {
        Status = status;
        Code = code;
        Detail = detail;
        Outcome = new ActionOutcome(outcome, outcome == ActionOutcome.Cancelled ? null : code);
        Retryable = retryable;

        // RFC 9110: every 401 names how to authenticate.
        Challenge = status == 401 ? "Bearer" : null;

        // The unread rest of an oversized, stalled or garbled body makes the connection unusable.
        ClosesConnection = status is 413 or 408 || code == "malformed_body";
    }

    /// <summary>The status a caller is answered with.</summary>
    public int Status { get; }

    /// <summary>The problem's <c>code</c>, also the error type of metrics and the run log.</summary>
    public string Code { get; }

    /// <summary>The problem's <c>detail</c> (see <see cref="DetailFor"/> for Development).</summary>
    public string Detail { get; }

    /// <summary>The metrics label (<c>rejected</c>, <c>failed</c>, <c>cancelled</c>) and error type.</summary>
    public ActionOutcome Outcome { get; }

    /// <summary>Whether a job that failed with it is worth trying again.</summary>
    public bool Retryable { get; }

    /// <summary>Whether the caller went away: there is no one to answer.</summary>
    public bool CallerGone => Outcome.Status == ActionOutcome.Cancelled;

    /// <summary>A server fault the caller only saw a summary of: the run log keeps its exception type.</summary>
    public bool HidesDetail => Outcome.Status == ActionOutcome.Failed && Typed is false;

    public ErrorLogging Logging { get; init; }

    /// <summary>Per-field messages, for a validation problem.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The <c>Retry-After</c> value (seconds), if the caller should wait.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The <c>WWW-Authenticate</c> value of a 401.</summary>
    public string? Challenge { get; init; }

    /// <summary>Whether the connection cannot be reused (<c>Connection: close</c>).</summary>
    public bool ClosesConnection { get; init; }

    /// <summary>Raised on purpose (a typed <see cref="ActionException"/>), its message meant for the caller.</summary>
    public bool Typed { get; init; }

    /// <summary>The detail to answer with: in Development, a server fault shows its exception.</summary>
    public string DetailFor(Exception exception, bool development) => !development ? Detail : Logging switch
    {
        ErrorLogging.InvalidOutput => exception.Message,
        ErrorLogging.Unhandled => exception.ToString(),
        _ => Detail,
    };
}
