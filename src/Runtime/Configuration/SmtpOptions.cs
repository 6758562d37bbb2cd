using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The SMTP server of the <c>smtp</c> mail transport (<c>mail.smtp.*</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name or address.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port.</summary>
    /// <value>The default is 587 (submission, STARTTLS).</value>
    [Range(1, 65_535)]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>starttls</c> (upgrade required), <c>tls</c> (TLS from the first byte, port 465), <c>auto</c>
    /// (TLS on 465, STARTTLS when the server offers it) or <c>none</c> (plain text: loopback and tests only).
    /// </summary>
    /// <value>The default is <c>auto</c>.</value>
    public string Security { get; set; } = "auto";

    /// <summary>The user to authenticate as; none sends without authentication.</summary>
    public string? Username { get; set; }

    /// <summary>The password (from the environment: <c>BUNBASE__MAIL__SMTP__PASSWORD</c>).</summary>
    public string? Password { get; set; }

    /// <summary>The longest one conversation with the server may take, in milliseconds.</summary>
    /// <value>The default is 30,000.</value>
    [Range(100, 600_000)]
    public int TimeoutMs { get; set; } = 30_000;
}
