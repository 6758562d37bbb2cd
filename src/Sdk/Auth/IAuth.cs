namespace Bunbase;

/// <summary>
/// <c>ctx.Auth</c>: the caller's session, and signing in and out, password hashing and
/// throttled credential checks. Sessions are HMAC-signed tokens carried in a cookie or an
/// <c>Authorization: Bearer</c> header; nothing is stored per session except revocations.
/// </summary>
public interface IAuth
{
    /// <summary>The signed-in user, or <see langword="null"/> when the caller has no valid session.</summary>
    SessionUser? User { get; }

    /// <summary>The caller's session, or <see langword="null"/> when there is none.</summary>
    SessionInfo? Session { get; }

    /// <summary>Whether the signed-in user has the role (exact, case-sensitive).</summary>
    bool IsInRole(string role);

    /// <summary>
    /// Whether the signed-in user was granted the permission: exactly, or through a wildcard
    /// (<c>tasks:*</c> grants <c>tasks:write</c> and <c>tasks:write:own</c>; <c>*</c> grants everything).
    /// </summary>
    bool HasPermission(string permission);

    /// <summary>
    /// Starts a session for <paramref name="user"/>: over HTTP the session cookie is set on the
    /// response, and the token is returned for clients that send it as <c>Authorization: Bearer</c>.
    /// Roles, permissions and claims are a snapshot: they change when the user signs in again
    /// (see <see cref="SignOutEverywhereAsync"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The user's id, roles, permissions or claims are not acceptable, or make a token over 4 KiB.</exception>
    /// <exception cref="InvalidOperationException">No session key is configured (<c>auth.sessionSecret</c> or <c>auth.keys</c>).</exception>
    Task<SignInResult> SignInAsync(SessionUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the caller's session: its token is revoked on every instance (within
    /// <c>auth.revocationCacheFor</c>) and the session cookie is deleted. Does nothing but delete the
    /// cookie when there is no session (none was sent, or it was invalid, expired or revoked). A
    /// session that could not be checked because the store is down is still signed out, or the call fails.
    /// </summary>
    /// <exception cref="ActionException">
    /// 503 <c>session_store_unavailable</c>: the revocation could not be stored (the session goes on).
    /// 403 <c>csrf_origin_missing</c> or <c>csrf_origin_not_allowed</c>: the session cookie came on a
    /// request without an acceptable <c>Origin</c> (a cross-site page); the session and the cookie are kept.
    /// </exception>
    Task SignOutAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every session of a user signed in before now, on every instance (within
    /// <c>auth.revocationCacheFor</c>). Use it after a password change, or when the user's roles
    /// or permissions change so that their sessions stop carrying the old ones.
    /// </summary>
    /// <exception cref="ActionException">503 <c>session_store_unavailable</c>: the revocation could not be stored.</exception>
    Task SignOutEverywhereAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Hashes a password for storage (PBKDF2, as ASP.NET Core Identity does).</summary>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    string HashPassword(string password);

    /// <summary>
    /// Checks a password against a stored hash. A <see langword="null"/> hash (no such user) is
    /// checked against a dummy hash, so it takes as long as a real one and fails.
    /// </summary>
    PasswordVerification VerifyPassword(string? passwordHash, string password);

    /// <summary>
    /// An identifier (an email, a user name) in the one form <see cref="VerifyCredentialsAsync"/> compares:
    /// trimmed, Unicode NFC (composed: <c>é</c> typed as one character or as <c>e</c> and an accent is
    /// the same), then case-folded (upper-cased, then lower-cased, invariantly). Store and look up
    /// identifiers in this form, so that one person cannot get two accounts by spelling an email two ways.
    /// Never throws for a non-null string (ill-formed UTF-16 becomes U+FFFD).
    /// </summary>
    string NormalizeIdentifier(string identifier);

    /// <summary>
    /// The whole password check of a sign-in: refuses with 429 (<c>Retry-After</c>) while the
    /// <paramref name="identifier"/> (an email or user name, compared as <see cref="NormalizeIdentifier"/> gives it)
    /// is slowed down or locked after repeated failures, verifies the password (a
    /// <see langword="null"/> hash takes as long as a real one), counts a failure and refuses with
    /// 401 <c>invalid_credentials</c>, or resets the count on success.
    /// </summary>
    /// <returns><see cref="PasswordVerification.Succeeded"/>, or <see cref="PasswordVerification.SucceededRehashNeeded"/> when the hash should be replaced with <see cref="HashPassword"/>; never <see cref="PasswordVerification.Failed"/>.</returns>
    /// <exception cref="UnauthorizedException">401 <c>invalid_credentials</c>: unknown identifier or wrong password (the same answer for both).</exception>
    /// <exception cref="TooManyRequestsException">429 <c>sign_in_throttled</c> or <c>sign_in_locked</c>, with how long to wait.</exception>
    Task<PasswordVerification> VerifyCredentialsAsync(string identifier, string? passwordHash, string password, CancellationToken cancellationToken = default);
}
