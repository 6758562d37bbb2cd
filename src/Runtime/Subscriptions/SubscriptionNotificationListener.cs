using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// LISTENs on PostgreSQL for dead letters put back by an operator (<c>bunbase_subscriptions</c>) so the
/// instance holding their partition retries them at once (new events arrive through the store's
/// <c>EventSignals</c>). Subscriptions look for them every poll interval anyway.
/// </summary>
internal sealed class SubscriptionNotificationListener(BunbaseOptions options, SubscriptionSignals signals, TimeProvider clock, ILogger<SubscriptionNotificationListener> logger)
    : NotificationListener(options, clock, logger)
{
    protected override IReadOnlyList<string> Channels { get; } = [SubscriptionStatements.RetryChannel];

    protected override string ConnectionName => "subscriptions listener";

    protected override string Subject => "Dead-letter retry";

    protected override string Pollers => "subscriptions";

    protected override void OnNotification(string channel, string payload) => signals.RetryRequested();

    protected override void OnListening() => signals.RetryRequested();
}
