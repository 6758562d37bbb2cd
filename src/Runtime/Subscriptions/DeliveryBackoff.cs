using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The wait before an event's next attempt: <c>subscriptions.backoffMs</c> doubling each attempt up to
/// <c>subscriptions.maxBackoffMs</c>, with equal jitter (as the queue's retries). Randomness is injected, for tests.
/// </summary>
internal sealed class DeliveryBackoff(SubscriptionOptions options, Func<double> random)
{
    public TimeSpan Delay(int attempt)
    {
        var exponential = options.BackoffMs * Math.Pow(2, Math.Min(Math.Max(attempt - 1, 0), 30));
        var capped = Math.Min(exponential, options.MaxBackoffMs);
        return TimeSpan.FromMilliseconds((capped / 2) + (random() * capped / 2));
    }
}
