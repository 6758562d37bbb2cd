using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// The backplane's store (Redis) could not be reached or did not answer within <c>redis.timeoutMs</c>: a publish,
/// a resume or a presence call is 503 <c>realtime_unavailable</c> (a WebSocket <c>error</c> with that code); an
/// outage of a dependency, not a bug of the app, so not a 500.
/// </summary>
internal sealed class RealtimeUnavailableException(Exception inner)
    : Exception("Realtime messaging is unavailable: " + inner.Message, inner), IClassifiedError
{
    private static readonly ErrorClassification Unavailable =
        new(503, "realtime_unavailable", "Realtime messaging is unavailable; try again shortly.", ActionOutcome.Failed, retryable: true)
        {
            RetryAfter = "5",
        };

    public ErrorClassification Classification => Unavailable;

    /// <summary>Whether <paramref name="exception"/> is the Redis client saying the server is away (not a bug of ours).</summary>
    public static bool IsRedisOutage(Exception exception) => exception is StackExchange.Redis.RedisConnectionException or TimeoutException;

    /// <summary>A Redis call made for a request: Redis away is this exception (503), not a 500.</summary>
    public static async Task<T> OnRedisAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisOutage(ex))
        {
            throw new RealtimeUnavailableException(ex);
        }
    }

    /// <inheritdoc cref="OnRedisAsync{T}(Task{T})"/>
    public static Task OnRedisAsync(Task call) => OnRedisAsync(AsValue(call));

    private static async Task<bool> AsValue(Task call)
    {
        await call.ConfigureAwait(false);
        return true;
    }
}
