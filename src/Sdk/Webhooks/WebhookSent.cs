namespace Bunbase;

/// <summary>What <see cref="IWebhookSender.SendAsync"/> did.</summary>
/// <param name="MessageId">The message's id: the <c>webhook-id</c> header of each of its deliveries.</param>
/// <param name="Deliveries">How many endpoints it goes to (0: none matched).</param>
public sealed record WebhookSent(string MessageId, int Deliveries);
