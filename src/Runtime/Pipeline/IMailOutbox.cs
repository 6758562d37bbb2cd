using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What <c>ctx.Mail</c> queues through (<c>Mail/MailOutbox</c>, registered by <c>AddMail</c>): declared here so
/// invocations do not depend on the mail that delivers.
/// </summary>
internal interface IMailOutbox
{
    /// <summary>Checks and renders the message and queues it, inside <paramref name="transaction"/> when there is one.</summary>
    Task<MailQueued> SendAsync(MailMessage message, DatabaseTransaction? transaction, CancellationToken cancellationToken);
}
