using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Bunbase.MailApp.Actions;

/// <summary>Queues a message built from the request: plain fields, a template with data, an attachment, extra headers.</summary>
[Action("send-mail")]
[Post("/mail")]
public sealed class SendMail : ActionHandler<SendMail.Input, MailQueued>
{
    public sealed record Input(
        [Required] List<string> To,
        string? Subject,
        string? Text,
        string? Html,
        string? Template,
        Dictionary<string, string>? Data,
        string? AttachmentText,
        Dictionary<string, string>? Headers,
        List<string>? Bcc);

    public override Task<MailQueued> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Mail.SendAsync(
            new MailMessage
            {
                To = input.To,
                Bcc = input.Bcc ?? [],
                Subject = input.Subject,
                Text = input.Text,
                Html = input.Html,
                Template = input.Template,
                Data = input.Data,
                Headers = input.Headers ?? new Dictionary<string, string>(),
                Attachments = input.AttachmentText is null ? [] : [new MailAttachment("note.txt", "text/plain", Encoding.UTF8.GetBytes(input.AttachmentText))],
            },
            cancellationToken);
}

/// <summary>Queues a welcome message and writes a row in one transaction, then fails when asked: nothing may be sent then.</summary>
[Action("sign-up")]
[Post("/sign-up")]
public sealed class SignUp : ActionHandler<SignUp.Input, MailQueued>
{
    public sealed record Input([Required] string Email, [Required] string Name, bool Fail);

    public override Task<MailQueued> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.TransactionAsync(async _ =>
        {
            var queued = await context.Mail.SendAsync(new MailMessage { To = [input.Email], Template = "welcome", Data = new { input.Name } }, cancellationToken);
            if (input.Fail)
                throw new ConflictException("The sign-up failed after the mail was queued.", "sign_up_failed");
            return queued;
        }, cancellationToken: cancellationToken);
}
