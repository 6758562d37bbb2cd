using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Webhooks;

/// <summary>Sending: a message and, for each enabled endpoint whose filter takes its type, a pending delivery and its job.</summary>
internal sealed partial class WebhookStore
{
    /// <summary>Writes the message, its deliveries and their jobs in <paramref name="transaction"/>; nothing when no endpoint takes the type.</summary>
    public async Task<WebhookSent> SendInAsync(DatabaseTransaction transaction, string messageId, string type, string body, CancellationToken cancellationToken)
    {
        var endpoints = await transaction.QueryAsync<EndpointRow>(
            "select id as Id, event_types as EventTypes, ordered as Ordered from bunbase_webhook_endpoints where enabled = 1",
            null,
            cancellationToken).ConfigureAwait(false);
        var matching = endpoints.Where(e => WebhookEventFilter.Matches(e.EventTypes, type)).ToList();
        if (matching.Count == 0)
            return new WebhookSent(messageId, 0);

        var now = Now();
        await transaction.ExecuteAsync(
            "insert into bunbase_webhook_messages (id, type, body, created_at) values (@Id, @Type, @Body, @Now)",
            new { Id = messageId, Type = type, Body = body, Now = now },
            cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in matching)
        {
            var deliveryId = "dl_" + Uuid7.New().ToString("N");
            var ordered = endpoint.Ordered == 1;
            if (ordered)
                await LockEndpointAsync(transaction, endpoint.Id, cancellationToken).ConfigureAwait(false);
            await transaction.ExecuteAsync(
                "insert into bunbase_webhook_deliveries (id, message_id, endpoint_id, status, attempts, created_at, updated_at) values (@Id, @MessageId, @EndpointId, 'pending', 0, @Now, @Now)",
                new { Id = deliveryId, MessageId = messageId, EndpointId = endpoint.Id, Now = now },
                cancellationToken).ConfigureAwait(false);
            if (!ordered || await PendingCountAsync(transaction, endpoint.Id, cancellationToken).ConfigureAwait(false) == 1)
                await EnqueueDeliveryAsync(transaction, deliveryId, cancellationToken).ConfigureAwait(false);
        }

        return new WebhookSent(messageId, matching.Count);
    }
}
