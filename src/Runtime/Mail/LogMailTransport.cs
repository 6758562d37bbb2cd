using Microsoft.Extensions.Logging;
using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>Development: a log line per message (recipients and subject; never the body).</summary>
internal sealed partial class LogMailTransport(ILogger logger) : IMailTransport
{
    public string Description => "the log";

    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        LogMail(logger, string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject ?? "");
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail to {To}: {Subject}")]
    private static partial void LogMail(ILogger logger, string to, string subject);
}
