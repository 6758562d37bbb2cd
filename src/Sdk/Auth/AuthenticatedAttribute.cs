namespace Bunbase;

/// <summary>
/// Only callers with a valid session may invoke the action; others get 401 with
/// <c>WWW-Authenticate</c>. On a base class it applies to every action deriving from it; on the
/// assembly (<c>[assembly: Authenticated]</c>) to every action of the application, except those
/// marked <see cref="AllowAnonymousAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, Inherited = true)]
public sealed class AuthenticatedAttribute : Attribute
{
    /// <summary>
    /// Whether an API key of the accounts module (<c>Authorization: Bearer bbk_...</c>) may invoke the action as its owner.
    /// Set it to <see langword="false"/> on actions that change who the user is or end their sessions (sign out
    /// everywhere, change an email): a key, a long-lived secret without a second factor, then gets 403
    /// <c>session_required</c>, and only a signed-in session passes. On any level (assembly, base class, action).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AllowApiKeys { get; set; } = true;
}
