namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Why a request has no usable session although it sent credentials. Actions with identity
/// guards answer with it (<see cref="SessionFailures.Reject"/>); other actions simply see no session.
/// </summary>
internal enum SessionFailure
{
    /// <summary>No credentials were sent.</summary>
    None,

    /// <summary>Malformed, tampered, signed by an unknown key or with another algorithm, or for another application.</summary>
    Invalid,

    /// <summary>The cookie or bearer token is larger than a session token can be.</summary>
    TooLarge,

    /// <summary><c>Authorization: Bearer</c> with no token, or not one token.</summary>
    MalformedAuthorization,

    Expired,

    Revoked,

    /// <summary>The revocation store could not be read and <c>auth.onStoreFailure</c> is Closed.</summary>
    StoreUnavailable,

    /// <summary>A cookie-authenticated write without <c>Origin</c>.</summary>
    OriginMissing,

    /// <summary>A cookie-authenticated write from another origin.</summary>
    OriginNotAllowed,
}
