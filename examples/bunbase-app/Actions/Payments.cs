using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>
/// A webhook receiver: a payment provider posts signed deliveries (Standard Webhooks) to
/// <c>POST /_webhooks/payments</c>; each verified one runs this action once, as a job, and is recorded
/// as an event <c>payment-received</c> (its id derived from the delivery id). The secret is <c>webhooks.secrets</c> "payments".
/// </summary>
[Action("receive-payment", Description = "Records a payment provider's signed delivery")]
[Webhook("payments")]
public sealed class ReceivePayment : ActionHandler<WebhookRequest, NoContent>
{
    public override async Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken)
    {
        // The delivery id is unique per sender and webhook: so is the event's id, so a job retried after a crash stores it once.
        var id = DeterministicId(input.DeliveryId);
        await context.Events.PublishAsync(
            $"payment-{id:N}",
            "payment-received",
            new { input.DeliveryId, Body = input.Text() },
            new EventOptions { Id = id },
            cancellationToken);
        return NoContent.Value;
    }

    private static Guid DeterministicId(string deliveryId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("payments:" + deliveryId));
        return new Guid(hash.AsSpan(0, 16));
    }
}
