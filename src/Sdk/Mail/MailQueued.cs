namespace Bunbase;

/// <summary>What <see cref="IMailSender.SendAsync"/> did.</summary>
/// <param name="Id">The message's id in the mail log (<c>bunbase_mail</c>), also its job's id.</param>
public sealed record MailQueued(Guid Id);
