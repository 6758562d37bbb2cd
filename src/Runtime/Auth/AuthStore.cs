using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// Where revocations and sign-in failures are kept: the key-value store (Redis when configured,
/// else the database: PostgreSQL shared by every instance, or the embedded file) under its own prefix <c>{name}:auth:</c>,
/// apart from the application's <c>ctx.Kv</c> keys. Store failures are counted and logged at most
/// once per <c>rateLimit.failureLogIntervalMs</c>.
/// </summary>
internal sealed partial class AuthStore(IKeyValueStore store, BunbaseOptions options, TimeProvider clock, ILogger<AuthStore> logger)
{
    private const int MaxKeyBytes = 200;

    private static readonly Counter<long> FailureCounter = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_auth_store_failures_total", description: "Session revocation or sign-in throttling decisions made without the shared store.");

    private readonly OncePerInterval _failureLog = new(TimeSpan.FromMilliseconds(options.RateLimit.FailureLogIntervalMs), clock);
    private long _failures;

    public IKeyValueStore Kv { get; } = store;

    public SessionStoreFailurePolicy Policy { get; } = options.Auth.OnStoreFailure;

    /// <summary>Decisions made without the store so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether an exception means the store could not answer (rather than a bug).</summary>
    public static bool IsUnavailable(Exception exception) => exception is RedisException or TimeoutException or System.Data.Common.DbException;

    /// <summary>A store key for a value chosen by users (an id, an email): as is when short, else hashed.</summary>
    public static string Key(string kind, string value) =>
        Encoding.UTF8.GetByteCount(value) <= MaxKeyBytes ? $"{kind}:{value}" : $"{kind}:h:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))}";

    public void OnFailure(string what, Exception exception)
    {
        var failures = Interlocked.Increment(ref _failures);
        FailureCounter.Add(1, new KeyValuePair<string, object?>("operation", what));
        if (_failureLog.TryEnter())
            LogFailure(logger, what, Policy, failures, exception.GetType().Name);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth store unreachable ({Operation}): policy {Policy}; {Failures} decisions made without it so far ({Error})")]
    private static partial void LogFailure(ILogger logger, string operation, SessionStoreFailurePolicy policy, long failures, string error);
}
