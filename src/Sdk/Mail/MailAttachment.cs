namespace Bunbase;

/// <summary>A file attached to a <see cref="MailMessage"/>.</summary>
/// <param name="FileName">The name the recipient sees (no path).</param>
/// <param name="ContentType">Its media type, <c>application/pdf</c>.</param>
/// <param name="Content">Its bytes (the whole message is limited by <c>mail.maxMessageBytes</c>).</param>
public sealed record MailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
