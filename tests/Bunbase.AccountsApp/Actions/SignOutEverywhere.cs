namespace Bunbase.AccountsApp.Actions;

/// <summary>The app's own "sign out everywhere" (ctx.Auth, not the module): the module's device list must follow it.</summary>
[Action("sign-out-everywhere")]
[Post("/sign-out-everywhere")]
[Authenticated(AllowApiKeys = false)]
public sealed class SignOutEverywhere : ActionHandler<SignOutEverywhere.Input, NoContent>
{
    public sealed record Input;

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Auth.SignOutEverywhereAsync(context.Auth.User!.Id, cancellationToken);
        return NoContent.Value;
    }
}
