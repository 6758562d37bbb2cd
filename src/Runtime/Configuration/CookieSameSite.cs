namespace Bunbase.Runtime.Configuration;

/// <summary>The <c>SameSite</c> attribute of a cookie.</summary>
public enum CookieSameSite
{
    /// <summary>Sent with same-site requests and top-level cross-site navigations (GET links).</summary>
    Lax,

    /// <summary>Sent with same-site requests only.</summary>
    Strict,

    /// <summary>Sent with every request (needs <c>Secure</c>).</summary>
    None,
}
