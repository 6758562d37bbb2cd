using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;

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

    private readonly long _logIntervalTicks = TimeSpan.FromMilliseconds(options.RateLimit.FailureLogIntervalMs).Ticks;
    private long _lastLog; // 0: the first failure is logged (long.MinValue would overflow the subtraction)
    private long _unlogged;
    private long _total;

    /// <summary>Invocations failed by an outage so far in this process.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Report(string action, Exception exception)
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _unlogged);
        RuntimeInstruments.DatabaseUnavailable.Add(1, new KeyValuePair<string, object?>("action", action));
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLog);
        if (now - last < _logIntervalTicks || Interlocked.CompareExchange(ref _lastLog, now, last) != last)
            return;
        var failures = Interlocked.Exchange(ref _unlogged, 0);
        LogOutage(logger, failures, action, exception.GetType().Name, exception.Message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable: {Failures} invocation(s) failed since the last report (latest: {Action}, {ErrorType}: {Error}); requests are answered 503 database_unavailable, jobs retried")]
    private static partial void LogOutage(ILogger logger, long failures, string action, string errorType, string error);
}
