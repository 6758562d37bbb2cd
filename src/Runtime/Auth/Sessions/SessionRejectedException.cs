namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>A 401 with the <c>WWW-Authenticate</c> challenge that says why (RFC 6750).</summary>
internal sealed class SessionRejectedException(string code, string message, string challenge) : UnauthorizedException(message, code)
{
    /// <summary>The <c>WWW-Authenticate</c> value.</summary>
    public string Challenge { get; } = challenge;
}
