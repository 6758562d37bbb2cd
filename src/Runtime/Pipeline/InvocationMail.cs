using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Pipeline;

/// <summary><c>ctx.Mail</c> of one invocation: queues inside its open transaction, if any.</summary>
internal sealed class InvocationMail(Invocation invocation, ActionContextServices context) : IMailSender
{
    public Task<MailQueued> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        var outbox = context.RootServices.GetRequiredService<IMailOutbox>();
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return outbox.SendAsync(message, invocation.CurrentTransaction, token);
    }
}
