namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>The problem response of each <see cref="SessionFailure"/>, for actions that need a session.</summary>
internal static class SessionFailures
{
    private const string InvalidToken = "Bearer error=\"invalid_token\"";

    public static ActionException Reject(SessionFailure failure) => failure switch
    {
        SessionFailure.None => new SessionRejectedException("session_required", "This action needs a signed-in session (the session cookie or Authorization: Bearer).", "Bearer"),
        SessionFailure.Invalid => new SessionRejectedException("session_invalid", "The session token is not valid; sign in again.", InvalidToken),
        SessionFailure.TooLarge => new SessionRejectedException("session_invalid", $"The session token is larger than {SessionTokens.MaxTokenLength} bytes; sign in again.", InvalidToken),
        SessionFailure.MalformedAuthorization => new SessionRejectedException("authorization_invalid", "The Authorization header must be 'Bearer <token>'.", "Bearer error=\"invalid_request\""),
        SessionFailure.Expired => new SessionRejectedException("session_expired", "The session has expired; sign in again.", InvalidToken),
        SessionFailure.Revoked => new SessionRejectedException("session_revoked", "The session was signed out; sign in again.", InvalidToken),
        SessionFailure.StoreUnavailable => new ActionException(503, "session_store_unavailable", "Sessions cannot be checked right now; try again shortly."),
        SessionFailure.OriginMissing => new ForbiddenException(
            "A request that changes state with the session cookie must carry an Origin header (or use Authorization: Bearer).", "csrf_origin_missing"),
        _ => new ForbiddenException("The request's Origin is not this application nor one of auth.csrf.allowedOrigins.", "csrf_origin_not_allowed"),
    };

    /// <summary>Whether the browser should drop the cookie that carried this failure.</summary>
    public static bool DeletesCookie(SessionFailure failure) =>
        failure is SessionFailure.Invalid or SessionFailure.TooLarge or SessionFailure.Expired or SessionFailure.Revoked;
}
