namespace Bunbase.Runtime.Mail;

/// <summary>A message checked and rendered when it was queued: what its job sends, as stored in the job's input.</summary>
internal sealed record OutgoingMail(
    string From,
    string[] To,
    string[] Cc,
    string[] Bcc,
    string? ReplyTo,
    string Subject,
    string? Text,
    string? Html,
    OutgoingAttachment[] Attachments,
    Dictionary<string, string> Headers,
    string? Template);

/// <summary>An attachment of an <see cref="OutgoingMail"/>.</summary>
internal sealed record OutgoingAttachment(string FileName, string ContentType, byte[] Content);
