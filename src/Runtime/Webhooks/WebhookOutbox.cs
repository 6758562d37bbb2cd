using System.Text.Json;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Sending, shared by every invocation's <c>ctx.Webhooks</c>: checks the type, serialises the body
/// (<c>{ "type", "timestamp", "data" }</c>), writes the message, its deliveries and their jobs in the
/// caller's transaction (or a short one of its own), and wakes this process's workers once committed.
/// </summary>
internal sealed class WebhookOutbox(WebhookStore store, QueueSignals signals, TimeProvider clock, JsonSerializerOptions json) : IWebhookOutbox
{
    public async Task<WebhookSent> SendAsync(string type, object payload, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (!WebhookEventFilter.IsValid(type))
            throw new BadRequestException("invalid_webhook_type", "A webhook event type is 1 to 200 characters without spaces, control characters or '*'.");
        ArgumentNullException.ThrowIfNull(payload);
        var messageId = "msg_" + Uuid7.New().ToString("N");
        var body = JsonSerializer.Serialize(new Body(type, clock.GetUtcNow(), payload), json);
        if (transaction is not null)
        {
            var sent = await store.SendInAsync(transaction, messageId, type, body, cancellationToken).ConfigureAwait(false);
            if (sent.Deliveries > 0)
                transaction.OnCommitted(Wake);
            return sent;
        }

        var own = await store.Database.CreateSession(cancellationToken).TransactionAsync(
            tx => store.SendInAsync((DatabaseTransaction)tx, messageId, type, body, cancellationToken),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (own.Deliveries > 0)
            await Wake().ConfigureAwait(false);
        return own;
    }

    private Task Wake()
    {
        signals.Wake("default");
        return Task.CompletedTask;
    }

    private sealed record Body(string Type, DateTimeOffset Timestamp, object Data);
}
