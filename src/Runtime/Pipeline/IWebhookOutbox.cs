using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What <c>ctx.Webhooks</c> sends through (<c>Webhooks/WebhookOutbox</c>, registered by <c>AddWebhooks</c>):
/// declared here so invocations do not depend on the webhooks that deliver.
/// </summary>
internal interface IWebhookOutbox
{
    /// <summary>Writes the message and its deliveries, inside <paramref name="transaction"/> when there is one.</summary>
    Task<WebhookSent> SendAsync(string type, object payload, DatabaseTransaction? transaction, CancellationToken cancellationToken);
}
