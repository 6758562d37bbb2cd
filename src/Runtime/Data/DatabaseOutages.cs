using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Invocations (requests and job attempts) that failed because the database could not be reached
/// (<see cref="DatabaseErrors.IsOutage"/>): each is counted in <c>bunbase_database_unavailable_total</c>,
/// and the log gets one summary line per <c>rateLimit.failureLogIntervalMs</c> instead of a stack trace
/// per failure (an outage under load would otherwise write thousands a second).
/// </summary>
internal sealed partial class DatabaseOutages(BunbaseOptions options, TimeProvider clock, ILogger<DatabaseOutages> logger)
{
    /// <summary>What a 503 <c>database_unavailable</c> answer tells clients to wait, in seconds.</summary>
    public const string RetryAfterSeconds = "5";

    private readonly OncePerInterval _log = new(TimeSpan.FromMilliseconds(options.RateLimit.FailureLogIntervalMs), clock);
    private long _unlogged;

    public void Report(string action, Exception exception)
    {
        Interlocked.Increment(ref _unlogged);
        RuntimeInstruments.DatabaseUnavailable.Add(1, new KeyValuePair<string, object?>("action", action));
        if (!_log.TryEnter())
            return;
        var failures = Interlocked.Exchange(ref _unlogged, 0);
        LogOutage(logger, failures, action, exception.GetType().Name, exception.Message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable: {Failures} invocation(s) failed since the last report (latest: {Action}, {ErrorType}: {Error}); requests are answered 503 database_unavailable, jobs retried")]
    private static partial void LogOutage(ILogger logger, long failures, string action, string errorType, string error);
}
