namespace Bunbase.Runtime.Mail;

/// <summary>The server refused the message for good (a 5xx reply: no such mailbox, message refused): not retried.</summary>
internal sealed class MailRejectedException(string message, Exception? inner = null) : NonRetryableException(message, inner);
