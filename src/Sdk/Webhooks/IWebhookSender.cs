namespace Bunbase;

/// <summary>
/// <c>ctx.Webhooks</c>: sends an event to the application's registered webhook endpoints (those enabled
/// whose event types match), each delivery signed with Standard Webhooks and sent through the queue with
/// retries. Inside <c>ctx.Db.TransactionAsync(...)</c> the message is written in that transaction: it is
/// sent if and only if the transaction commits.
/// </summary>
public interface IWebhookSender
{
    /// <summary>Sends <paramref name="payload"/> as an event of <paramref name="type"/>.</summary>
    /// <example><code>await context.Webhooks.SendAsync("note.created", new { note.Id, note.Title });</code></example>
    /// <param name="type">The event type (1-200 characters without spaces), matched against each endpoint's filter.</param>
    /// <param name="payload">The event's data; the body sent is <c>{ "type", "timestamp", "data" }</c>.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The message's id (the <c>webhook-id</c> of its deliveries) and how many endpoints it goes to.</returns>
    Task<WebhookSent> SendAsync(string type, object payload, CancellationToken cancellationToken = default);
}
