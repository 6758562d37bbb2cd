namespace Bunbase.Runtime.Mail;

/// <summary>
/// One row of the mail log (<c>bunbase_mail</c>), as the admin API shows it: its id (the job's), the
/// recipients, subject and template; <c>Status</c> <c>queued</c> (not yet sent, or retrying), <c>sent</c>
/// or <c>failed</c>; the attempts so far and the last one's error; the <c>Message-Id</c> sent; and when it
/// was queued and last changed (milliseconds since the Unix epoch).
/// </summary>
internal sealed record MailLogEntry(string Id, string Recipients, string Subject, string? Template, string Status, long Attempts, string? Error, string? MessageId, long QueuedAt, long UpdatedAt);
