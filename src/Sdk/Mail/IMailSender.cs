namespace Bunbase;

/// <summary>
/// <c>ctx.Mail</c>: queues a message for delivery (the request never waits on a mail server). The message
/// is checked and rendered now (addresses, template, size: a bad address is a 400 <c>invalid_mail</c>), then
/// sent by a job with retries; inside <c>ctx.Db.TransactionAsync(...)</c> it is queued in that transaction,
/// so it is sent if and only if the transaction commits.
/// </summary>
public interface IMailSender
{
    /// <summary>Queues <paramref name="message"/>.</summary>
    /// <example><code>await context.Mail.SendAsync(new MailMessage { To = [input.Email], Template = "welcome", Data = new { input.Name } });</code></example>
    /// <param name="message">Recipients, subject and body, or a template and its data.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The queued message's id (its entry in the mail log).</returns>
    Task<MailQueued> SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}
