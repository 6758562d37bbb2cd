using Bunbase.Runtime.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// SMTP with MailKit: one conversation per message (connect, authenticate when a user is set, send, quit).
/// A 5xx reply to the message or a recipient is final (<see cref="MailRejectedException"/>); a refused
/// connection, a 4xx reply, a timeout or a dropped connection is retried by the queue. Once the server has taken the
/// message, a failing QUIT is ignored: the message is sent.
/// </summary>
internal sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    public string Description => $"SMTP {options.Host}:{options.Port} ({options.Security})";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = options.TimeoutMs };
        try
        {
            await client.ConnectAsync(options.Host!, options.Port, Security(), cancellationToken).ConfigureAwait(false);
            if (options.Username is { Length: > 0 } user)
                await client.AuthenticateAsync(user, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            throw new MailRejectedException($"the mail server refused the message: {(int)ex.StatusCode} {ex.Message}", ex);
        }
        catch (AuthenticationException ex)
        {
            // Wrong credentials do not fix themselves between attempts, but a deploy can: retried, with the reason logged.
            throw new InvalidOperationException($"the mail server refused the credentials of '{options.Username}': {ex.Message}", ex);
        }

        // The server has taken the message: a QUIT it does not answer (or a connection it drops, or shutdown meanwhile)
        // must not fail the attempt, or the message would be sent again on every retry.
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or SmtpCommandException)
        {
        }
    }

    private SecureSocketOptions Security() => options.Security switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>The values <c>mail.smtp.security</c> may take.</summary>
    public static readonly string[] SecurityValues = ["auto", "starttls", "tls", "none"];
}
