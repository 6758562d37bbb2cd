using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// <c>ctx.Auth</c> of one invocation and of the nested calls it makes (they share it): the
/// caller's session, if any, and why there is none when credentials were refused.
/// </summary>
internal abstract class InvocationAuth(Authenticator authenticator, SessionTicket? ticket, SessionFailure failure, SessionTicket? unconfirmed = null) : IAuth
{
    /// <summary>The caller's checked session.</summary>
    public SessionTicket? Ticket { get; private set; } = ticket;

    /// <summary>Why credentials that were sent gave no session (<see cref="SessionFailure.None"/> when none were sent).</summary>
    /// <remarks>With <see cref="SessionFailure.StoreUnavailable"/>, the checked token whose revocation could not be read is kept for <see cref="SignOutAsync"/>.</remarks>
    public SessionFailure Failure { get; } = failure;

    /// <summary>
    /// Started by the application itself with no caller (a cron job, a queued job run without a
    /// captured session): guards do not apply.
    /// </summary>
    public virtual bool IsTrusted => false;

    public SessionUser? User => Ticket?.User;

    public SessionInfo? Session => Ticket?.Info;

    protected Authenticator Authenticator { get; } = authenticator;

    public bool IsInRole(string role) => Ticket?.IsInRole(role) == true;

    public bool HasPermission(string permission) => Ticket?.HasPermission(permission) == true;

    public async Task<SignInResult> SignInAsync(SessionUser user, CancellationToken cancellationToken = default)
    {
        Authenticator.Tokens.Validate(user);
        var generation = await Authenticator.Revocations.GenerationForSignInAsync(user.Id, cancellationToken).ConfigureAwait(false);
        var ticket = Authenticator.Tokens.SignIn(user, generation);
        Ticket = ticket;
        OnSignedIn(ticket);
        return new SignInResult(ticket.Token, ticket.Info);
    }

    /// <remarks>
    /// Signs out the session the request carries even when it could not be used: when the store
    /// could not say whether it was revoked (policy Closed), the revocation is still written, or the
    /// sign-out fails with 503 (it must never look done while the session lives on). A cookie
    /// without an acceptable <c>Origin</c> is refused with 403 and the cookie is kept: a cross-site
    /// page must not sign the user out (logout CSRF), even in part.
    /// </remarks>
    public async Task SignOutAsync(CancellationToken cancellationToken = default)
    {
        if (Failure is SessionFailure.OriginMissing or SessionFailure.OriginNotAllowed)
            throw SessionFailures.Reject(Failure);
        if ((Ticket ?? unconfirmed) is { } ticket)
            await Authenticator.Revocations.RevokeAsync(ticket, cancellationToken).ConfigureAwait(false);
        Ticket = null;
        OnSignedOut();
    }

    public async Task SignOutEverywhereAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await Authenticator.Revocations.RevokeAllAsync(userId, cancellationToken).ConfigureAwait(false);
        if (Ticket?.User.Id == userId)
        {
            Ticket = null;
            OnSignedOut();
        }
    }

    public string HashPassword(string password) => Authenticator.Passwords.Hash(password);

    public PasswordVerification VerifyPassword(string? passwordHash, string password) => Authenticator.Passwords.Verify(passwordHash, password);

    public string NormalizeIdentifier(string identifier) => Throttling.SignInIdentifier.Normalize(identifier);

    public Task<PasswordVerification> VerifyCredentialsAsync(string identifier, string? passwordHash, string password, CancellationToken cancellationToken = default) =>
        Authenticator.Throttle.VerifyAsync(identifier, passwordHash, password, cancellationToken);

    /// <summary>A session was started: an HTTP invocation sets the cookie.</summary>
    protected virtual void OnSignedIn(SessionTicket ticket)
    {
    }

    /// <summary>The session was ended: an HTTP invocation deletes the cookie.</summary>
    protected virtual void OnSignedOut()
    {
    }
}
