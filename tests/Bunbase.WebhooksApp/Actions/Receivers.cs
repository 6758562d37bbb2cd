namespace Bunbase.WebhooksApp.Actions;

/// <summary>Records a verified delivery: one row per run.</summary>
internal static class Received
{
    public static async Task<NoContent> RecordAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync(
            "insert into received (webhook, delivery_id, body, attempt) values (@Webhook, @DeliveryId, @Body, @Attempt)",
            new { input.Webhook, input.DeliveryId, Body = input.Text(), context.Job!.Attempt },
            cancellationToken);
        return NoContent.Value;
    }
}

/// <summary>Standard Webhooks.</summary>
[Action("receive-standard")]
[Webhook("standard")]
public sealed class ReceiveStandard : ActionHandler<WebhookRequest, NoContent>
{
    public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) =>
        Received.RecordAsync(input, context, cancellationToken);
}

/// <summary>GitHub's shape: X-Hub-Signature-256: sha256=HEX, X-GitHub-Delivery.</summary>
[Action("receive-github")]
[Webhook("github", Scheme = WebhookScheme.HmacSha256)]
public sealed class ReceiveGitHub : ActionHandler<WebhookRequest, NoContent>
{
    public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) =>
        Received.RecordAsync(input, context, cancellationToken);
}

/// <summary>Stripe's shape: Stripe-Signature: t=..,v1=..; the id is the body's.</summary>
[Action("receive-stripe")]
[Webhook("stripe", Scheme = WebhookScheme.TimestampedHmacSha256, Tolerance = "1m")]
public sealed class ReceiveStripe : ActionHandler<WebhookRequest, NoContent>
{
    public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) =>
        Received.RecordAsync(input, context, cancellationToken);
}

/// <summary>A webhook whose secret the tests leave unconfigured.</summary>
[Action("receive-unconfigured")]
[Webhook("unconfigured")]
public sealed class ReceiveUnconfigured : ActionHandler<WebhookRequest, NoContent>
{
    public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) =>
        Received.RecordAsync(input, context, cancellationToken);
}
