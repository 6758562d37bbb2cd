using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Whether a long-lived stream's session still holds, asked at each heartbeat of every realtime stream
/// (channels and durable event streams alike): it ends when the session expires or is revoked (revocations
/// made on another instance are seen within <c>auth.revocationCacheFor</c>). A revocation store that does
/// not answer keeps the stream open until the next check.
/// </summary>
internal sealed partial class RealtimeSessionCheck(Authenticator authenticator, TimeProvider clock, ILogger<RealtimeSessionCheck> logger)
{
    /// <summary><c>session_expired</c> or <c>session_revoked</c> when the stream must end; null while the session holds.</summary>
    public async ValueTask<string?> EndReasonAsync(SessionTicket ticket)
    {
        var now = clock.GetUtcNow();
        if (ticket.ExpiresAt <= now)
            return "session_expired";
        SessionFailure failure;
        try
        {
            failure = await authenticator.Revocations.CheckAsync(ticket, now).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex.Message);
            return null;
        }

        return failure switch
        {
            SessionFailure.Expired => "session_expired",
            SessionFailure.Revoked => "session_revoked",
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime revocation check failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
