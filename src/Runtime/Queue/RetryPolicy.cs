using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// When a failed job runs again: exponential backoff (the action's <c>[Job(Backoff, MaxBackoff)]</c>,
/// else <c>queue.backoffMs</c> and <c>queue.maxBackoffMs</c>) with equal jitter, so retries of many
/// jobs that failed together spread out. Randomness is injected, for tests.
/// </summary>
internal sealed class RetryPolicy(QueueOptions options, Func<double> random)
{
    public TimeSpan Delay(JobSettings job, int attempt)
    {
        var first = job.Backoff ?? TimeSpan.FromMilliseconds(options.BackoffMs);
        var ceiling = job.MaxBackoff ?? TimeSpan.FromMilliseconds(options.MaxBackoffMs);
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(attempt - 1, 0), 30));
        var capped = Math.Min(exponential, ceiling.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (random() * capped / 2));
    }

    /// <summary>
    /// Whether trying again could help, as <see cref="ErrorClassifier"/> decides: not for bad input, a
    /// typed 4xx (but 408 and 429), text the database refuses, or an explicit <see cref="NonRetryableException"/>;
    /// a database outage is worth retrying.
    /// </summary>
    public static bool IsRetryable(Exception exception) => ErrorClassifier.Classify(exception, CancellationToken.None).Retryable;
}
