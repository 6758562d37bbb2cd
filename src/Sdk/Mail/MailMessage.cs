namespace Bunbase;

/// <summary>
/// A message for <see cref="IMailSender.SendAsync"/>. Addresses are <c>ada@example.com</c> or
/// <c>Ada Lovelace &lt;ada@example.com&gt;</c>. The body is <see cref="Text"/> and/or <see cref="Html"/>, or
/// a <see cref="Template"/> rendered with <see cref="Data"/> (its values HTML-escaped in the HTML part).
/// </summary>
public sealed class MailMessage
{
    /// <summary>The recipients (at least one of To, Cc, Bcc).</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Copied recipients.</summary>
    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>Blind-copied recipients (not in the headers).</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>The sender; null uses <c>mail.from</c>.</summary>
    public string? From { get; init; }

    /// <summary>Where replies go.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The subject (one line); with a template that has a subject file, null uses it.</summary>
    public string? Subject { get; init; }

    /// <summary>The plain-text body.</summary>
    public string? Text { get; init; }

    /// <summary>The HTML body.</summary>
    public string? Html { get; init; }

    /// <summary>A template of the app's <c>mail.templatesPath</c> folder (<c>welcome</c>: <c>welcome.subject</c>, <c>welcome.txt</c>, <c>welcome.html</c>).</summary>
    public string? Template { get; init; }

    /// <summary>The template's values: an object whose members <c>{{ name }}</c> and <c>{{ user.name }}</c> name.</summary>
    public object? Data { get; init; }

    /// <summary>Attached files.</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    /// <summary>Extra headers (<c>X-Campaign</c>); names are letters, digits and dashes, values one line.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
