using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Queue;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// One attempt at sending one queued message, run by the queue (leased, retried with <c>mail.backoffMs</c>
/// doubling up to <c>mail.maxAttempts</c>): builds the MIME message, hands it to the transport and records
/// the attempt in the mail log. A mail-server outage is retried; a refusal for good fails it at once.
/// </summary>
internal sealed partial class MailDeliveryJob(MailStore store, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<MailDeliveryJob> logger) : IRuntimeJob
{
    public string Name => MailStore.SendJob;

    public JobSettings Settings { get; } = JobSettings.ForRuntime(TimeSpan.FromMilliseconds(options.BackoffMs), TimeSpan.FromMilliseconds(options.MaxBackoffMs));

    public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var mail = JsonSerializer.Deserialize<OutgoingMail>(job.Input) ?? throw new NonRetryableException("The mail job has no message.");
        var message = Build(mail, job.Id);
        try
        {
            await transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var final = ex is NonRetryableException || job.Attempt >= job.MaxAttempts;

            // The server's words: a NUL in them would make the log refuse the row (and the message stay queued), an escape
            // sequence would act on the terminal of whoever reads the log.
            var error = StorableText.FromPeer(ex.Message, 2_000);
            await RecordAsync(job.Id, final ? "failed" : "queued", job.Attempt, error, null, cancellationToken).ConfigureAwait(false);
            RuntimeInstruments.MailAttempts.Add(1, new KeyValuePair<string, object?>("outcome", final ? "failed" : "retrying"));
            LogAttemptFailed(logger, job.Id, job.Attempt, job.MaxAttempts, error);
            throw;
        }

        await RecordAsync(job.Id, "sent", job.Attempt, null, message.MessageId, cancellationToken).ConfigureAwait(false);
        RuntimeInstruments.MailAttempts.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));
    }

    /// <summary>
    /// The attempt's outcome in the mail log, through a database outage (the job stays leased meanwhile): a sent message
    /// whose record failed would fail its job, and the retry would send it again (or, on the last attempt, leave it queued
    /// for good).
    /// </summary>
    private Task RecordAsync(Guid id, string status, int attempt, string? error, string? messageId, CancellationToken stop) =>
        OutageRetry.WriteAsync(
            async () =>
            {
                await store.RecordAsync(id, status, attempt, error, messageId, CancellationToken.None).ConfigureAwait(false);
                return true;
            },
            clock,
            ex => LogRecordDeferred(logger, id, status, ex.GetType().Name, ex.Message),
            stop);

    /// <summary>The MIME message; its Message-Id derives from the job's id, so every attempt sends the same message (receivers can drop a duplicate).</summary>
    internal static MimeMessage Build(OutgoingMail mail, Guid id)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From));
        message.To.AddRange(mail.To.Select(MailboxAddress.Parse));
        message.Cc.AddRange(mail.Cc.Select(MailboxAddress.Parse));
        message.Bcc.AddRange(mail.Bcc.Select(MailboxAddress.Parse));
        if (mail.ReplyTo is not null)
            message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
        message.Subject = mail.Subject;
        var domain = message.From.Mailboxes.First().Domain;
        message.MessageId = $"{id:N}@{(string.IsNullOrEmpty(domain) ? "bunbase" : domain)}";
        foreach (var (name, value) in mail.Headers)
            message.Headers.Add(name, value);

        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        foreach (var attachment in mail.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId}: could not record it {Status} ({ErrorType}: {Error}); retrying until the database is back")]
    private static partial void LogRecordDeferred(ILogger logger, Guid mailId, string status, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId}: attempt {Attempt} of {MaxAttempts} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid mailId, int attempt, int maxAttempts, string error);
}
