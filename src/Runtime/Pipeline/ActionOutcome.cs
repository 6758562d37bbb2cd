
namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// How an execution ended, as a bounded label: <c>ok</c>, <c>rejected</c> (the caller's mistake:
/// a 4xx), <c>failed</c> (the server's: a 5xx) or <c>cancelled</c> (the caller went away); and
/// for errors, the problem code the caller sees. Failures are classified by <see cref="ErrorClassifier"/>.
/// </summary>
internal readonly record struct ActionOutcome(string Status, string? ErrorType)
{
    public const string Ok = "ok";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static ActionOutcome Success { get; } = new(Ok, null);

    public static ActionOutcome Of(Exception exception, CancellationToken cancellationToken) =>
        ErrorClassifier.Classify(exception, cancellationToken).Outcome;
}
