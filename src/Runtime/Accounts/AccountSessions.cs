using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Accounts.Actions;
using Bunbase.Runtime.Accounts.Mfa;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Signs an account in (a stateless session, as <c>ctx.Auth</c> makes them) and records the session in
/// <c>bunbase_account_sessions</c>, so its owner can list and revoke it ("signed in on these devices").
/// </summary>
internal sealed class AccountSessions(AccountsSettings settings, AccountStore store, TotpFactors factors)
{
    /// <summary>How long the MFA challenge of a password (or provider) step lives.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Wrong codes a challenge takes before it is burned.</summary>
    public const int ChallengeAttempts = 5;

    /// <summary>
    /// The end of a first sign-in step: a session, or for an account with an active second factor only a short-lived,
    /// single-use challenge token (stored hashed) that <c>/_accounts/sign-in/mfa</c> takes with a code.
    /// </summary>
    public async Task<SignedInView> SignInAsync(ActionContext context, AccountRow account, string? userAgent, CancellationToken cancellationToken)
    {
        if (!await factors.IsEnabledAsync(context.Db, account.Id, cancellationToken).ConfigureAwait(false))
            return await StartAsync(context, account, userAgent, mfa: false, cancellationToken).ConfigureAwait(false);
        var token = "mfa_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await context.Db.Primary.ExecuteAsync(
            "insert into bunbase_mfa_challenges (id, account_id, user_agent, expires_at, attempts) values (@Id, @AccountId, @UserAgent, @ExpiresAt, 0)",
            new { Id = HashChallenge(token), AccountId = account.Id, UserAgent = Truncate(userAgent), ExpiresAt = store.Now + (long)ChallengeLifetime.TotalMilliseconds },
            cancellationToken).ConfigureAwait(false);
        return new SignedInView(null, null, null, MfaRequired: true, MfaToken: token);
    }

    /// <summary>The account a live challenge belongs to (counting an attempt), or null for an unknown, used, expired or burned one.</summary>
    public async Task<(string AccountId, string? UserAgent, string Id)?> ChallengeAsync(ISqlDatabase db, string token, CancellationToken cancellationToken)
    {
        var id = HashChallenge(token);
        var row = await db.Primary.QuerySingleOrDefaultAsync<ChallengeRow>(
            "select account_id, user_agent, expires_at, attempts from bunbase_mfa_challenges where id = @id and used_at is null",
            new { id },
            cancellationToken).ConfigureAwait(false);
        if (row is null || row.ExpiresAt <= store.Now || row.Attempts >= ChallengeAttempts)
            return null;
        var counted = await db.Primary.ExecuteAsync(
            "update bunbase_mfa_challenges set attempts = attempts + 1 where id = @id and used_at is null and attempts < @Max",
            new { id, Max = (long)ChallengeAttempts },
            cancellationToken).ConfigureAwait(false);
        return counted == 1 ? (row.AccountId, row.UserAgent, id) : null;
    }

    /// <summary>Uses a challenge up; false when another request did first.</summary>
    public async Task<bool> UseChallengeAsync(ISqlDatabase db, string id, CancellationToken cancellationToken) =>
        await db.Primary.ExecuteAsync("update bunbase_mfa_challenges set used_at = @Now where id = @id and used_at is null", new { id, store.Now }, cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Records a second-factor check on the caller's session (step-up).</summary>
    public Task MarkMfaAsync(ISqlDatabase db, string sessionId, CancellationToken cancellationToken) =>
        db.Primary.ExecuteAsync("update bunbase_account_sessions set mfa_at = @Now where id = @sessionId", new { sessionId, store.Now }, cancellationToken);

    public async Task<SignedInView> StartAsync(ActionContext context, AccountRow account, string? userAgent, bool mfa, CancellationToken cancellationToken)
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
            "insert into bunbase_account_sessions (id, account_id, signed_in_at, expires_at, user_agent, mfa_at) values (@Id, @AccountId, @SignedInAt, @ExpiresAt, @UserAgent, @MfaAt)",
            new
            {
                session.Session.Id,
                AccountId = account.Id,
                SignedInAt = session.Session.SignedInAt.ToUnixTimeMilliseconds(),
                ExpiresAt = (session.Session.SignedInAt + settings.SessionLifetime).ToUnixTimeMilliseconds(),
                UserAgent = Truncate(userAgent),
                MfaAt = mfa ? session.Session.SignedInAt.ToUnixTimeMilliseconds() : (long?)null,
            },
            cancellationToken).ConfigureAwait(false);
        return new SignedInView(session.Token, session.Session.ExpiresAt, AccountView.From(account));
    }

    /// <summary>Marks every recorded session of the account ended (after <c>SignOutEverywhereAsync</c>).</summary>
    public Task EndAllAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken) =>
        db.Primary.ExecuteAsync("update bunbase_account_sessions set revoked_at = @Now where account_id = @accountId and revoked_at is null", new { accountId, store.Now }, cancellationToken);

    private static string? Truncate(string? userAgent) => userAgent is { Length: > 512 } ? userAgent[..512] : userAgent;

    private static string HashChallenge(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record ChallengeRow(string AccountId, string? UserAgent, long ExpiresAt, long Attempts);
}
