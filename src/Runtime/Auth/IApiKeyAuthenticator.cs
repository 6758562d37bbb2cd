using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// API keys sent as <c>Authorization: Bearer</c>, told apart from session tokens by their prefix and checked by
/// whoever keeps them (the accounts module): a key becomes a ticket that the same guards read.
/// </summary>
internal interface IApiKeyAuthenticator
{
    /// <summary>Whether the bearer credential is an API key (by its prefix alone).</summary>
    bool IsApiKey(ReadOnlySpan<char> token);

    /// <summary>The ticket of a key checked recently (within its cache period), without I/O or allocation.</summary>
    /// <returns>Whether the key's answer is known; <paramref name="ticket"/> is then its ticket.</returns>
    bool TryGetKnown(ReadOnlySpan<char> token, DateTimeOffset now, out SessionTicket? ticket);

    /// <summary>Looks the key up: its ticket, or null for an unknown, revoked or malformed key.</summary>
    /// <exception cref="Exception">The store cannot be read (<see cref="Bunbase.Runtime.Data.Database.IsUnavailable"/>).</exception>
    ValueTask<SessionTicket?> LookUpAsync(string token);
}
