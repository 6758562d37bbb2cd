namespace Bunbase.Runtime.Mail;

/// <summary>A template that cannot be rendered with the message's data: the app's mistake, reported to its developer (500), never sent.</summary>
internal sealed class MailTemplateException(string message) : InvalidOperationException(message);
