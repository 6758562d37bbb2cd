namespace Bunbase;

/// <summary>
/// Step-up for sensitive actions (accounts module): the caller's session must have passed a TOTP (or backup code)
/// check within <see cref="Minutes"/>, at sign-in or with <c>POST /_accounts/mfa/step-up</c>. Implies
/// <see cref="AuthenticatedAttribute"/>; otherwise 403 <c>mfa_required</c> (also for API keys, which have no second
/// factor, and for accounts without MFA). An app using it refuses to start without <c>accounts.enabled</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false, Inherited = true)]
public sealed class RequireRecentMfaAttribute : Attribute
{
    /// <summary>How recent the last second-factor check must be, in minutes (1 or more).</summary>
    /// <value>The default is 10.</value>
    public int Minutes { get; set; } = 10;
}
