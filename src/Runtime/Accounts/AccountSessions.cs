using Bunbase.Runtime.Accounts.Actions;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Signs an account in (a stateless session, as <c>ctx.Auth</c> makes them) and records the session in
/// <c>bunbase_account_sessions</c>, so its owner can list and revoke it ("signed in on these devices").
/// </summary>
internal sealed class AccountSessions(AccountsSettings settings, AccountStore store)
{
    public async Task<SignedInView> StartAsync(ActionContext context, AccountRow account, string? userAgent, CancellationToken cancellationToken)
    {
        var roles = account.RoleList;
        var user = new SessionUser(account.Id)
        {
            Roles = roles,
            Permissions = settings.PermissionsOf(roles),
            Claims = new Dictionary<string, string>(StringComparer.Ordinal) { ["email"] = account.Email },
        };
        var session = await context.Auth.SignInAsync(user, cancellationToken).ConfigureAwait(false);
        await context.Db.Primary.ExecuteAsync(
            "insert into bunbase_account_sessions (id, account_id, signed_in_at, expires_at, user_agent) values (@Id, @AccountId, @SignedInAt, @ExpiresAt, @UserAgent)",
            new
            {
                session.Session.Id,
                AccountId = account.Id,
                SignedInAt = session.Session.SignedInAt.ToUnixTimeMilliseconds(),
                ExpiresAt = (session.Session.SignedInAt + settings.SessionLifetime).ToUnixTimeMilliseconds(),
                UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
            },
            cancellationToken).ConfigureAwait(false);
        return new SignedInView(session.Token, session.Session.ExpiresAt, AccountView.From(account));
    }

    /// <summary>Marks every recorded session of the account ended (after <c>SignOutEverywhereAsync</c>).</summary>
    public Task EndAllAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken) =>
        db.Primary.ExecuteAsync("update bunbase_account_sessions set revoked_at = @Now where account_id = @accountId and revoked_at is null", new { accountId, store.Now }, cancellationToken);
}
