using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Keeps the device list (<c>bunbase_account_sessions</c>) true when every session of an account ends outside
/// the module: an app action's <c>ctx.Auth.SignOutEverywhereAsync</c>, or revoked sessions overflowing the
/// user's record. Sessions signed in before that instant are marked ended; later ones are of the next
/// generation and stay (one signed in the same millisecond stays listed: listed and ended can be revoked
/// again, while hidden and live could not).
/// </summary>
internal sealed class AccountSessionsEnded(Database database) : ISessionsEndedListener
{
    public Task AllEndedAsync(string userId, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        database.CreateSession(cancellationToken).Primary.ExecuteAsync(
            "update bunbase_account_sessions set revoked_at = @EndedAt where account_id = @userId and revoked_at is null and signed_in_at < @EndedAt",
            new { userId, EndedAt = endedAt.ToUnixTimeMilliseconds() },
            cancellationToken);
}
