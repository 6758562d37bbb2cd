using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Configuration;
using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// Turns a <see cref="MailMessage"/> into the <see cref="OutgoingMail"/> its job sends, refusing now what
/// could never be sent: addresses that do not parse (often a user's input: 400 <c>invalid_mail</c>), a line
/// break in the subject or a header (header injection), no recipient, no body, a message over
/// <c>mail.maxMessageBytes</c> (413 <c>mail_too_large</c>). A template is rendered here with the message's
/// data, so its mistakes reach the developer in the action, not in a job later.
/// </summary>
internal sealed partial class MailComposer(MailOptions options, MailTemplates templates, JsonSerializerOptions json)
{
    public OutgoingMail Compose(MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = Addresses(message.To, "To");
        var cc = Addresses(message.Cc, "Cc");
        var bcc = Addresses(message.Bcc, "Bcc");
        if (to.Length + cc.Length + bcc.Length == 0)
            throw new BadRequestException("invalid_mail", "A message needs at least one recipient (To, Cc or Bcc).");
        var from = Address(message.From ?? options.From ?? "noreply@localhost", "From");
        var replyTo = message.ReplyTo is null ? null : Address(message.ReplyTo, "ReplyTo");

        var subject = message.Subject;
        var text = message.Text;
        var html = message.Html;
        if (message.Template is { } name)
        {
            var set = templates.Get(name);
            var data = JsonSerializer.SerializeToElement(message.Data ?? new object(), json);
            subject ??= set.Subject?.Render(data, html: false).Trim();
            text ??= set.Text?.Render(data, html: false);
            html ??= set.Html?.Render(data, html: true);
        }

        if (string.IsNullOrWhiteSpace(subject))
            throw new MailTemplateException("A message needs a subject (Subject, or a template's .subject file).");
        if (subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new BadRequestException("invalid_mail", "The subject is one line: it contains a line break.");
        if (text is null && html is null)
            throw new MailTemplateException("A message needs a body (Text, Html, or a template's .txt or .html file).");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in message.Headers)
        {
            if (!HeaderName().IsMatch(header) || Reserved.Contains(header))
                throw new BadRequestException("invalid_mail", $"'{header}' cannot be set as a header (letters, digits and dashes; not one the message sets itself).");
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new BadRequestException("invalid_mail", $"The value of header '{header}' is one line: it contains a line break.");
            headers[header] = value;
        }

        var attachments = new List<OutgoingAttachment>();
        long size = (subject.Length + (text?.Length ?? 0) + (html?.Length ?? 0)) * 2L;
        foreach (var attachment in message.Attachments)
        {
            var fileName = Path.GetFileName(attachment.FileName ?? "");
            if (fileName.Length == 0 || fileName.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                throw new BadRequestException("invalid_mail", "An attachment needs a file name (one line, no path).");
            if (!ContentType.TryParse(attachment.ContentType ?? "", out _))
                throw new BadRequestException("invalid_mail", $"The content type '{attachment.ContentType}' of attachment '{fileName}' does not parse.");
            size += attachment.Content.Length * 4L / 3;
            attachments.Add(new OutgoingAttachment(fileName, attachment.ContentType!, attachment.Content.ToArray()));
        }

        if (size > options.MaxMessageBytes)
            throw new ActionException(413, "mail_too_large", $"The message is about {size} bytes once encoded; mail.maxMessageBytes is {options.MaxMessageBytes}.");
        return new OutgoingMail(from, to, cc, bcc, replyTo, subject, text, html, [.. attachments], headers, message.Template);
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Sender", "Return-Path",
    };

    private static string[] Addresses(IReadOnlyList<string>? addresses, string field) =>
        [.. (addresses ?? []).Select(a => Address(a, field))];

    /// <summary>One mailbox with a domain (<c>ada@example.com</c>, <c>Ada &lt;ada@example.com&gt;</c>), in the form it was given.</summary>
    private static string Address(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text) || text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0
            || !MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox)
            || mailbox.Address.IndexOf('@', StringComparison.Ordinal) is < 1 || mailbox.Address.EndsWith('@'))
        {
            throw new BadRequestException("invalid_mail", $"'{text}' ({field}) is not a mail address.");
        }

        return text.Trim();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,75}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
