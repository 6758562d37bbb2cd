namespace Bunbase.Testing;

/// <summary>A message the app sent (<see cref="TestMail.Sent"/>).</summary>
/// <param name="From">The sender's address.</param>
/// <param name="To">The recipients' addresses.</param>
/// <param name="Cc">The copied recipients' addresses.</param>
/// <param name="Bcc">The blind-copied recipients' addresses.</param>
/// <param name="Subject">The subject, rendered.</param>
/// <param name="Text">The plain-text body, rendered; null without one.</param>
/// <param name="Html">The HTML body, rendered (values escaped); null without one.</param>
/// <param name="Attachments">The attached files.</param>
/// <param name="Headers">The extra headers (<c>X-...</c>).</param>
public sealed record SentMail(string From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string? Text, string? Html, IReadOnlyList<SentAttachment> Attachments, IReadOnlyDictionary<string, string> Headers);

/// <summary>A file attached to a <see cref="SentMail"/>.</summary>
/// <param name="FileName">Its name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record SentAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
