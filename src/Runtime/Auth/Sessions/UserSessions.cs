namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// What is stored per user: the session <see cref="Generation"/>, which every sign-in reads and
/// carries in its token and "sign out everywhere" increments (so every session issued before it is
/// over, with no clock compared), and the sessions in <see cref="Revoked"/> (id → when it would
/// have expired at the latest, Unix ms) signed out one by one.
/// </summary>
internal sealed record UserSessions(long Generation, Dictionary<string, long> Revoked)
{
    public static UserSessions None { get; } = new(0, []);

    public bool Revokes(SessionTicket ticket) =>
        ticket.Generation < Generation || Revoked.ContainsKey(ticket.SessionId);
}
