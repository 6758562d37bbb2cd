namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>The signed-in account.</summary>
    [Action("me", Description = "The signed-in account")]
    [Get("/me")]
    [Authenticated]
    [ApiKeyAllowed("accounts:me")]
    internal sealed class Me(AccountStore store) : ActionHandler<Me.Input, AccountView>
    {
        public sealed record Input;

        public override async Task<AccountView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            await store.FindByIdAsync(context.Db, context.Auth.User!.Id, cancellationToken).ConfigureAwait(false) is { } account
                ? AccountView.From(account)
                : throw new NotFoundException("The account no longer exists.", "account_not_found");
    }
}
