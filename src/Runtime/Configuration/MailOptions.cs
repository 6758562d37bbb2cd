using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Mail (<c>mail.*</c>): how <c>ctx.Mail</c> messages are sent, from whom, and their templates.</summary>
public sealed class MailOptions
{
    /// <summary>How messages leave: <c>smtp</c>, <c>file</c> (each message an <c>.eml</c> file in <see cref="FilePath"/>, for development) or <c>log</c> (a log line each).</summary>
    /// <value>The default (none) is <c>smtp</c> when <c>mail.smtp.host</c> is set, else <c>file</c> in Development and <c>log</c> elsewhere (the start-up summary says which).</value>
    public string? Transport { get; set; }

    /// <summary>The sender of messages that name none (<c>App &lt;noreply@example.com&gt;</c>); required with SMTP.</summary>
    /// <value>The default (none) is <c>noreply@localhost</c> for the file and log transports.</value>
    public string? From { get; set; }

    /// <summary>The SMTP server (<c>mail.smtp.*</c>).</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where the file transport writes, relative to the configuration's folder.</summary>
    /// <value>The default is <c>.bunbase/mail</c>.</value>
    public string FilePath { get; set; } = ".bunbase/mail";

    /// <summary>The folder of templates (<c>NAME.subject</c>, <c>NAME.txt</c>, <c>NAME.html</c>), relative to the configuration's folder; read at start.</summary>
    /// <value>The default is <c>mail</c> (none is fine when it does not exist).</value>
    public string TemplatesPath { get; set; } = "mail";

    /// <summary>The largest message, attachments included, in bytes: a larger one is refused when queued.</summary>
    /// <value>The default is 10,485,760 (10 MiB).</value>
    [Range(1_024, 104_857_600)]
    public int MaxMessageBytes { get; set; } = 10_485_760;

    /// <summary>Attempts of one message before it fails for good (an outage of the mail server is retried).</summary>
    /// <value>The default is 8.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay, in milliseconds (doubling, with jitter).</summary>
    /// <value>The default is 5,000.</value>
    [Range(1, 86_400_000)]
    public int BackoffMs { get; set; } = 5_000;

    /// <summary>The longest retry delay, in milliseconds.</summary>
    /// <value>The default is 3,600,000 (1 hour).</value>
    [Range(1, 86_400_000)]
    public int MaxBackoffMs { get; set; } = 3_600_000;

    /// <summary>How long the mail log is kept, in days.</summary>
    /// <value>The default is 30.</value>
    [Range(1, 3_650)]
    public int RetentionDays { get; set; } = 30;
}
