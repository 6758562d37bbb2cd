namespace Bunbase;

/// <summary>
/// A custom check on a class marked <see cref="ChannelAttribute"/>: it decides, with the channel's
/// name, whether a caller may subscribe or publish. It runs after the class's other guards (a session,
/// roles, permissions), on every subscribe and client publish; a new instance each time, its
/// constructor parameters resolved from the application's services.
/// </summary>
public abstract class ChannelGuard
{
    /// <summary>Whether the caller may go on; <see langword="false"/> refuses with <c>forbidden</c> (403).</summary>
    /// <param name="request">The channel, what is asked and the caller's session.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    public abstract ValueTask<bool> AllowsAsync(ChannelRequest request, CancellationToken cancellationToken);
}
