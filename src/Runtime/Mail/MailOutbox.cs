using Bunbase.Runtime.Data;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// Queueing, shared by every invocation's <c>ctx.Mail</c>: composes the message (checked and rendered
/// now), writes its log row and job in the caller's transaction (or a short one of its own), and wakes
/// this process's workers once committed.
/// </summary>
internal sealed class MailOutbox(MailComposer composer, MailStore store, QueueSignals signals) : IMailOutbox
{
    public async Task<MailQueued> SendAsync(MailMessage message, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        var mail = composer.Compose(message);
        if (transaction is not null)
        {
            var id = await store.QueueInAsync(transaction, mail, cancellationToken).ConfigureAwait(false);
            transaction.OnCommitted(Wake);
            return new MailQueued(id);
        }

        var own = await store.Database.CreateSession(cancellationToken).TransactionAsync(
            tx => store.QueueInAsync((DatabaseTransaction)tx, mail, cancellationToken),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await Wake().ConfigureAwait(false);
        return new MailQueued(own);
    }

    private Task Wake()
    {
        signals.Wake("default");
        return Task.CompletedTask;
    }
}
