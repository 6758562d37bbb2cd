using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>How a message leaves (<c>mail.transport</c>). Throws <see cref="MailRejectedException"/> when retrying cannot help, anything else to be retried.</summary>
internal interface IMailTransport
{
    /// <summary>What the start-up summary says.</summary>
    string Description { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
