namespace Bunbase;

/// <summary>
/// Declares that the action starts a session (<c>ctx.Auth.SignIn</c>), so its OpenAPI operation
/// documents the session cookie its success response sets, and, with
/// <see cref="VerifiesCredentials"/>, the answers of <c>ctx.Auth.VerifyCredentials</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class SignsInAttribute : Attribute
{
    /// <summary>
    /// Whether the action checks a password with <c>ctx.Auth.VerifyCredentials</c>: 401
    /// <c>invalid_credentials</c>, 429 <c>sign_in_throttled</c>/<c>sign_in_locked</c>, and 503
    /// <c>sign_in_unavailable</c> when <c>auth.onStoreFailure</c> is <c>Closed</c>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool VerifiesCredentials { get; set; }
}
