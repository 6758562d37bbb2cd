using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// Hears dead letters put back by an operator (<c>bunbase_subscriptions</c>) so the instance holding
/// their partition retries them at once (new events arrive through the store's <c>EventSignals</c>).
/// Subscriptions look for them every poll interval anyway.
/// </summary>
internal sealed class SubscriptionNotificationListener(SubscriptionSignals signals) : INotificationHandler
{
    public IReadOnlyList<string> Channels { get; } = [SubscriptionStatements.RetryChannel];

    public string Pollers => "subscriptions";

    public void OnNotification(string channel, string payload) => signals.RetryRequested();

    public void OnListening() => signals.RetryRequested();
}
