namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    /// <summary>The caller's live sessions, newest first.</summary>
    [Action("sessions", Description = "Lists the caller's signed-in sessions (devices), newest first")]
    [Get("/sessions")]
    [Authenticated]
    [ErrorResponses(403)]
    internal sealed class Sessions(AccountStore store) : ActionHandler<Sessions.Input, Sessions.Output>
    {
        public sealed record Input;

        public sealed record Output(IReadOnlyList<SessionView> Sessions);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var rows = await context.Db.Primary.QueryAsync<Row>(
                "select id, signed_in_at, expires_at, user_agent from bunbase_account_sessions where account_id = @Id and revoked_at is null and expires_at > @Now order by signed_in_at desc, id desc limit 200",
                new { context.Auth.User!.Id, store.Now },
                cancellationToken).ConfigureAwait(false);
            var current = context.Auth.Session?.Id;
            return new Output([.. rows.Select(r => new SessionView(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.SignedInAt), DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresAt), r.UserAgent, r.Id == current))]);
        }

        private sealed record Row(string Id, long SignedInAt, long ExpiresAt, string? UserAgent);
    }

    /// <summary>Ends one of the caller's sessions on every instance (within <c>auth.revocationCacheFor</c>); another account's session is 404.</summary>
    [Action("revoke-session", Description = "Ends one of the caller's sessions (a device); 404 when the caller has no such session")]
    [Delete("/sessions/{id}")]
    [Authenticated]
    [ErrorResponses(403, 404)]
    internal sealed class RevokeSession(AccountStore store, Bunbase.Runtime.Auth.Authenticator authenticator) : ActionHandler<RevokeSession.Input, NoContent>
    {
        public sealed record Input([System.ComponentModel.DataAnnotations.StringLength(100)] string Id);

        public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var userId = context.Auth.User!.Id;
            var signedInAt = await context.Db.Primary.QuerySingleOrDefaultAsync<long?>(
                "select signed_in_at from bunbase_account_sessions where id = @Id and account_id = @userId and revoked_at is null",
                new { input.Id, userId },
                cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException("You have no such session.", "session_not_found");
            if (input.Id == context.Auth.Session?.Id)
                await context.Auth.SignOutAsync(cancellationToken).ConfigureAwait(false);
            else
                await authenticator.Revocations.RevokeAsync(userId, input.Id, DateTimeOffset.FromUnixTimeMilliseconds(signedInAt), cancellationToken).ConfigureAwait(false);
            await context.Db.ExecuteAsync("update bunbase_account_sessions set revoked_at = @Now where id = @Id", new { input.Id, store.Now }, cancellationToken).ConfigureAwait(false);
            return NoContent.Value;
        }
    }
}
