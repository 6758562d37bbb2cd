namespace Bunbase.AccountsApp.Actions;

/// <summary>A sensitive action: the session must have passed MFA within 10 minutes (step-up).</summary>
[Action("close-account")]
[Post("/close-account")]
[RequireRecentMfa(Minutes = 10)]
public sealed class CloseAccount : ActionHandler<CloseAccount.Input, NoContent>
{
    public sealed record Input;

    public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
}
