using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// The bucket could not be reached, failed (5xx), or did not answer within <c>storage.s3.timeoutMs</c>:
/// 503 <c>storage_unavailable</c>, a job retried; an outage of a dependency, not a bug of the app, so not a 500.
/// </summary>
internal sealed class StorageUnavailableException(Exception inner)
    : Exception("File storage is unavailable: " + inner.Message, inner), IClassifiedError
{
    private static readonly ErrorClassification Unavailable =
        new(503, "storage_unavailable", "File storage is unavailable; try again shortly.", ActionOutcome.Failed, retryable: true)
        {
            RetryAfter = "5",
        };

    public ErrorClassification Classification => Unavailable;
}
