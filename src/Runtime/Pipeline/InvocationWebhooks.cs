using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Pipeline;

/// <summary><c>ctx.Webhooks</c> of one invocation: sends inside its open transaction, if any.</summary>
internal sealed class InvocationWebhooks(Invocation invocation, ActionContextServices context) : IWebhookSender
{
    public Task<WebhookSent> SendAsync(string type, object payload, CancellationToken cancellationToken = default)
    {
        var outbox = context.RootServices.GetRequiredService<IWebhookOutbox>();
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return outbox.SendAsync(type, payload, invocation.CurrentTransaction, token);
    }
}
