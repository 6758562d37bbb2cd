using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth;

/// <summary>
/// <c>ctx.Auth</c> of an invocation the application starts itself, with no caller: no session,
/// and guards do not apply (see <see cref="InvocationAuth.IsTrusted"/>). It can still sign users
/// in (returning tokens) and out.
/// </summary>
internal sealed class TrustedAuth(Authenticator authenticator) : InvocationAuth(authenticator, null, SessionFailure.None)
{
    public override bool IsTrusted => true;
}
