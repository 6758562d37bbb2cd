namespace Bunbase.Testing.Tests.App;

/// <summary>Invites a friend by mail (ctx.Mail): the kit's mail capture has something to show.</summary>
[Action("invite-friend")]
[Post("/invitations", Status = 202)]
public sealed class InviteFriend : ActionHandler<InviteFriend.Input, MailQueued>
{
    public sealed record Input(string Email, string Note) : IActionInput<MailQueued>;

    public override Task<MailQueued> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Mail.SendAsync(
            new MailMessage
            {
                To = [input.Email],
                Subject = "You are invited",
                Text = input.Note,
                Html = $"<p>{System.Net.WebUtility.HtmlEncode(input.Note)}</p>",
                Headers = new Dictionary<string, string> { ["X-Invitation"] = "1" },
            },
            cancellationToken);
}
