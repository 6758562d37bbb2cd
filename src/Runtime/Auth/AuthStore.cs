using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// Where revocations and sign-in failures are kept: the key-value store (Redis when configured,
/// else the database: PostgreSQL shared by every instance, or the embedded file) under its own prefix <c>{name}:auth:</c>,
/// apart from the application's <c>ctx.Kv</c> keys. Store failures are counted and logged at most
/// once per <c>rateLimit.failureLogIntervalMs</c>.
/// </summary>
/// <remarks>
/// Every call is bounded by <see cref="Timeout"/> (<c>redis.timeoutMs</c> on Redis,
/// <c>database.connectTimeoutMs</c> on the database): past it the call counts as a store failure and
/// <c>auth.onStoreFailure</c> decides. The client's own timeout is not enough: StackExchange.Redis
/// checks it on a one-second heartbeat and queues commands while disconnected, so a session check
/// waited up to about a second more than the setting.
/// </remarks>
internal sealed partial class AuthStore(IKeyValueStore store, BunbaseOptions options, TimeProvider clock, ILogger<AuthStore> logger)
{
    private const int MaxKeyBytes = 200;

    private static readonly Counter<long> FailureCounter = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_auth_store_failures_total", description: "Session revocation or sign-in throttling decisions made without the shared store.");

    private readonly OncePerInterval _failureLog = new(TimeSpan.FromMilliseconds(options.RateLimit.FailureLogIntervalMs), clock);
    private long _failures;

    public SessionStoreFailurePolicy Policy { get; } = options.Auth.OnStoreFailure;

    /// <summary>The longest one store call may take before it counts as a failure.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.FromMilliseconds(options.Redis.Url is not null ? options.Redis.TimeoutMs : options.Database.ConnectTimeoutMs);

    /// <summary>Decisions made without the store so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether an exception means the store could not answer (rather than a bug).</summary>
    public static bool IsUnavailable(Exception exception) => exception is RedisException or TimeoutException or KvUnavailableException or System.Data.Common.DbException;

    /// <summary>A store key for a value chosen by users (an id, an email): as is when short, else hashed.</summary>
    public static string Key(string kind, string value) =>
        Encoding.UTF8.GetByteCount(value) <= MaxKeyBytes ? $"{kind}:{value}" : $"{kind}:h:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))}";

    public Task<T?> Get<T>(string key, CancellationToken cancellationToken) =>
        Bounded(t => store.GetAsync<T>(key, t), cancellationToken);

    public Task<bool> SetIfNotExists<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken) =>
        Bounded(t => store.SetIfNotExistsAsync(key, value, ttl, t), cancellationToken);

    public Task<bool> CompareAndSet<T>(string key, T expected, T value, TimeSpan ttl, CancellationToken cancellationToken) =>
        Bounded(t => store.CompareAndSetAsync(key, expected, value, ttl, t), cancellationToken);

    public Task<bool> Delete(string key, CancellationToken cancellationToken) =>
        Bounded(t => store.DeleteAsync(key, t), cancellationToken);

    public void OnFailure(string what, Exception exception)
    {
        var failures = Interlocked.Increment(ref _failures);
        FailureCounter.Add(1, new KeyValuePair<string, object?>("operation", what));
        if (_failureLog.TryEnter())
            LogFailure(logger, what, Policy, failures, exception.GetType().Name);
    }

    /// <summary>The call, cancelled (when the store can be) and abandoned past <see cref="Timeout"/>, which is then a <see cref="TimeoutException"/>.</summary>
    private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await call(timeout.Token).WaitAsync(Timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The auth store did not answer within {Timeout.TotalMilliseconds:0} ms.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth store unreachable ({Operation}): policy {Policy}; {Failures} decisions made without it so far ({Error})")]
    private static partial void LogFailure(ILogger logger, string operation, SessionStoreFailurePolicy policy, long failures, string error);
}
