using System.Collections.Frozen;
using Bunbase.Runtime.Auth.Guards;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// A token whose signature, issuer, audience and times have been checked, with its claims read
/// once: cached by the token string, so a request with a known token skips JWT validation (never
/// the revocation check, nor the expiry check).
/// </summary>
internal sealed class SessionTicket
{
    private readonly FrozenSet<string> _roles;
    private readonly PermissionSet _permissions;
    private SessionTicket? _renewal;

    public SessionTicket(string token, string keyId, string sessionId, long generation, SessionUser user, DateTimeOffset signedInAt, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        Token = token;
        KeyId = keyId;
        Generation = generation;
        User = user;
        Info = new SessionInfo(sessionId, signedInAt, issuedAt, expiresAt);
        _roles = user.Roles.ToFrozenSet(StringComparer.Ordinal);
        _permissions = PermissionSet.From([.. user.Permissions]);
    }

    /// <summary>The <see cref="KeyId"/> of an API key's ticket (made by the accounts module, not signed by a session key).</summary>
    public const string ApiKeyId = "api-key";

    public string Token { get; }

    /// <summary>The id of the key that signed it.</summary>
    public string KeyId { get; }

    /// <summary>An API key's, not a signed-in session's.</summary>
    public bool IsApiKey => KeyId == ApiKeyId;

    /// <summary>The user's session generation at sign-in (see <see cref="UserSessions"/>).</summary>
    public long Generation { get; }

    public SessionUser User { get; }

    public SessionInfo Info { get; }

    public string SessionId => Info.Id;

    public DateTimeOffset SignedInAt => Info.SignedInAt;

    public DateTimeOffset IssuedAt => Info.IssuedAt;

    public DateTimeOffset ExpiresAt => Info.ExpiresAt;

    public bool IsInRole(string role) => _roles.Contains(role);

    public bool HasPermission(string permission) => _permissions.Grants(permission);

    /// <summary>Past half its lifetime: a request renews it (sliding expiry).</summary>
    public bool IsPastHalfLife(DateTimeOffset now) => now - IssuedAt >= (ExpiresAt - IssuedAt) / 2;

    /// <summary>
    /// The renewed token, issued once however many requests present this one past its half-life
    /// (concurrent requests may each issue one; the first stored wins and every request gets it).
    /// </summary>
    public SessionTicket Renewal(Func<SessionTicket, SessionTicket> issue) =>
        Volatile.Read(ref _renewal) ?? Interlocked.CompareExchange(ref _renewal, issue(this), null) ?? _renewal!;
}
