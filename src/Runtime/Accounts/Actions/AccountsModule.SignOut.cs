namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>Ends the caller's session on every instance and deletes the cookie.</summary>
    [Action("sign-out", Description = "Ends the caller's session and deletes the session cookie")]
    [Post("/sign-out")]
    [Authenticated]
    [SignsOut]
    [ErrorResponses(403)]
    internal sealed class SignOut(AccountStore store) : ActionHandler<SignOut.Input, NoContent>
    {
        public sealed record Input;

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var session = context.Auth.Session!;
            await context.Auth.SignOutAsync(cancellationToken).ConfigureAwait(false);
            await context.Db.ExecuteAsync("update bunbase_account_sessions set revoked_at = @Now where id = @Id and revoked_at is null", new { session.Id, store.Now }, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }
}
