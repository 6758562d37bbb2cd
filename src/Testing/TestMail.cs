using MimeKit;

namespace Bunbase.Testing;

/// <summary>
/// The mail the app sent in this fixture: the kit sets <c>mail.transport</c> to <c>file</c> in the fixture's
/// own folder, so nothing leaves the machine. Mail is sent by jobs: call
/// <see cref="TestJobs.RunUntilIdleAsync"/> first.
/// </summary>
public sealed class TestMail
{
    private readonly Func<string> _directory;

    internal TestMail(Func<string> directory) => _directory = directory;

    /// <summary>Every message sent so far, oldest first.</summary>
    public IReadOnlyList<SentMail> Sent
    {
        get
        {
            var directory = _directory();
            if (!Directory.Exists(directory))
                return [];
            return [.. Directory.EnumerateFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(Read)];
        }
    }

    private static SentMail Read(string path)
    {
        using var message = MimeMessage.Load(path);
        var attachments = new List<SentAttachment>();
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            attachments.Add(new SentAttachment(part.FileName ?? "", part.ContentType.MimeType, content.ToArray()));
        }

        return new SentMail(
            message.From.Mailboxes.FirstOrDefault()?.Address ?? "",
            [.. message.To.Mailboxes.Select(m => m.Address)],
            [.. message.Cc.Mailboxes.Select(m => m.Address)],
            [.. message.Bcc.Mailboxes.Select(m => m.Address)],
            message.Subject ?? "",
            message.TextBody,
            message.HtmlBody,
            attachments,
            message.Headers.Where(h => h.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase)).ToDictionary(h => h.Field, h => h.Value, StringComparer.OrdinalIgnoreCase));
    }
}
