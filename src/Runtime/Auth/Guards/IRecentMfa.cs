namespace Bunbase.Runtime.Auth.Guards;

/// <summary>When the caller's session last passed a second-factor check (the accounts module provides it).</summary>
internal interface IRecentMfa
{
    /// <summary>The time of the session's last MFA check, or null (none, or not a session of the module).</summary>
    ValueTask<DateTimeOffset?> LastMfaAsync(string sessionId, CancellationToken cancellationToken);
}
