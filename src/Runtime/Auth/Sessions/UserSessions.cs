namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// What is stored per user: sessions signed in before <see cref="NotBeforeMs"/> are over ("sign out
/// everywhere"), and the sessions in <see cref="Revoked"/> (id → when it would have expired at the
/// latest, Unix ms) were signed out one by one.
/// </summary>
internal sealed record UserSessions(long NotBeforeMs, Dictionary<string, long> Revoked)
{
    public static UserSessions None { get; } = new(0, []);

    public bool Revokes(SessionTicket ticket) =>
        ticket.SignedInAt.ToUnixTimeMilliseconds() < NotBeforeMs || Revoked.ContainsKey(ticket.SessionId);
}
