using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>
/// Applies an action's rate limit to a caller's request (see <see cref="ICallerRequest"/>): derives the caller's key, asks the limiter,
/// writes <c>RateLimit-*</c> headers, and refuses with 429 (or 503 when the store is down and the
/// policy is closed). Keys are namespaced <c>{app}:rl:{action}:{caller}</c>.
/// </summary>
internal sealed partial class RateLimitGate(IRateLimiter limiter, BunbaseOptions options, TimeProvider clock, ILogger<RateLimitGate> logger)
{
    private const int MaxCallerKeyLength = 128;
    private readonly string _prefix = options.Name + ":rl:";
    private readonly OncePerInterval _failureLog = new(TimeSpan.FromMilliseconds(options.RateLimit.FailureLogIntervalMs), clock);
    private long _storeFailures;

    /// <summary>Requests decided without the store (it was unreachable or too slow).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <param name="request">The caller's request.</param>
    /// <param name="action">The limited action's name.</param>
    /// <param name="rule">Its limit.</param>
    /// <param name="input">The bound input (for <see cref="RateLimitKey.Input"/>).</param>
    /// <param name="userId">The signed-in user (for <see cref="RateLimitKey.UserOrIp"/>), or null.</param>
    public async ValueTask CheckAsync(ICallerRequest request, string action, RateLimitRule rule, object? input, string? userId = null)
    {
        var key = _prefix + action + ":" + CallerKey(request, rule, input, userId);
        var decision = await limiter.AcquireAsync(key, rule, request.Aborted).ConfigureAwait(false);
        request.SetResponseHeader("RateLimit-Limit", rule.Limit.ToString(CultureInfo.InvariantCulture));
        if (decision.StoreUnavailable)
        {
            OnStoreFailure(action);
            if (options.RateLimit.OnStoreFailure == RateLimitFailurePolicy.Closed)
                throw new ActionException(503, "rate_limiter_unavailable", "The rate limiter is unavailable; try again shortly.");
            return;
        }

        request.SetResponseHeader("RateLimit-Remaining", decision.Remaining.ToString(CultureInfo.InvariantCulture));
        request.SetResponseHeader("RateLimit-Reset", Seconds(decision.ResetAfter));
        if (!decision.Allowed)
            throw new TooManyRequestsException(decision.RetryAfter, $"Rate limit of {rule.Limit} per {rule.Period} exceeded.", "rate_limited");
    }

    private static string CallerKey(ICallerRequest request, RateLimitRule rule, object? input, string? userId)
    {
        var caller = rule.By switch
        {
            RateLimitKey.Global => "*",
            RateLimitKey.Input => "in:" + Convert.ToString(rule.InputKey!(input!), CultureInfo.InvariantCulture),
            RateLimitKey.UserOrIp when userId is not null => "user:" + userId,
            _ => "ip:" + (request.ClientAddress?.ToString() ?? "unknown"),
        };

        // Keys from input can be long; a hash keeps Redis keys small and bounded.
        return caller.Length <= MaxCallerKeyLength ? caller : "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caller)));
    }

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private void OnStoreFailure(string action)
    {
        Interlocked.Increment(ref _storeFailures);
        RuntimeInstruments.RateLimitStoreFailures.Add(1, new KeyValuePair<string, object?>("action", action));
        if (_failureLog.TryEnter())
            LogStoreFailure(logger, action, options.RateLimit.OnStoreFailure, StoreFailures);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter store unreachable (action {Action}); policy {Policy}; {Failures} requests decided without it so far")]
    private static partial void LogStoreFailure(ILogger logger, string action, RateLimitFailurePolicy policy, long failures);
}
