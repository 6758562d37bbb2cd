namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Told when every session of a user has ended ("sign out everywhere", or a user whose individually
/// revoked sessions overflowed their record), after the store holds it: a capability that keeps its own
/// record of sessions (the accounts module's device list) brings it in line, whoever ended them.
/// The sign-out is stored before a listener runs: a listener logs its own failures rather than throw.
/// </summary>
internal interface ISessionsEndedListener
{
    /// <param name="userId">The user whose sessions ended.</param>
    /// <param name="endedAt">When: sessions signed in before this instant are over; later ones are of the next generation.</param>
    /// <param name="cancellationToken">The request's.</param>
    Task AllEndedAsync(string userId, DateTimeOffset endedAt, CancellationToken cancellationToken);
}
