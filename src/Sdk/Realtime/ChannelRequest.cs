namespace Bunbase;

/// <summary>What a <see cref="ChannelGuard"/> decides on.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Operation">Subscribing or publishing.</param>
/// <param name="User">The caller's session user; null when anonymous.</param>
/// <param name="Services">The application's services.</param>
public sealed record ChannelRequest(string Channel, ChannelOperation Operation, SessionUser? User, IServiceProvider Services);
