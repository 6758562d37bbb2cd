namespace Bunbase.Bench;

/// <summary>The inbound webhook of <c>benchmarks/webhooks.sh</c>: each verified delivery enqueues this no-op job (its secret comes from the environment).</summary>
[Action("noop-webhook", Description = "Scenario webhook: does nothing")]
[Webhook("bench")]
[Job(Queue = "bench")]
public sealed class NoopWebhook : ActionHandler<WebhookRequest, NoContent>
{
    private static readonly Task<NoContent> Done = Task.FromResult(NoContent.Value);

    public override Task<NoContent> RunAsync(WebhookRequest input, ActionContext context, CancellationToken cancellationToken) => Done;
}
