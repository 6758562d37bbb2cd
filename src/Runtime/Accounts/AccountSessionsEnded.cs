using System.Data.Common;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Keeps the device list (<c>bunbase_account_sessions</c>) true when every session of an account ends: the module's
/// own resets and takeovers (which also mark it in their transaction), an app action's
/// <c>ctx.Auth.SignOutEverywhereAsync</c>, or revoked sessions overflowing the user's record.
/// </summary>
/// <remarks>
/// Only sessions signed in more than <c>auth.clockSkew</c> before the end are marked: the sign-in instant is another
/// instance's clock. A session of the old generation within that margin stays listed (ended, and revoking it again is
/// harmless); a live one of the new generation is never hidden. The sign-out is already stored when this runs, so a
/// failure here is logged and the request goes on: the list is then behind, never ahead.
/// </remarks>
internal sealed partial class AccountSessionsEnded(Database database, AuthSettings auth, ILogger<AccountSessionsEnded> logger) : ISessionsEndedListener
{
    public async Task AllEndedAsync(string userId, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        try
        {
            await database.CreateSession(cancellationToken).Primary.ExecuteAsync(
                "update bunbase_account_sessions set revoked_at = @EndedAt where account_id = @userId and revoked_at is null and signed_in_at < @Before",
                new { userId, EndedAt = endedAt.ToUnixTimeMilliseconds(), Before = (endedAt - auth.ClockSkew).ToUnixTimeMilliseconds() },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            LogNotMarked(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accounts: every session of a user ended, but the device list could not be updated; it lists them until they expire")]
    private static partial void LogNotMarked(ILogger logger, Exception exception);
}
