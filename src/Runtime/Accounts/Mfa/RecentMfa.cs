using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Accounts.Mfa;

/// <summary>The step-up check of <c>[RequireRecentMfa]</c>: one indexed read of the session's row on the primary.</summary>
internal sealed class RecentMfa(Database database) : IRecentMfa
{
    public async ValueTask<DateTimeOffset?> LastMfaAsync(string sessionId, CancellationToken cancellationToken)
    {
        var at = await database.OnPrimaryAsync(
            connection => connection.QuerySingleOrDefaultAsync<long?>(
                new CommandDefinition("select mfa_at from bunbase_account_sessions where id = @sessionId and revoked_at is null", new { sessionId }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return at is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
