using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// The session cookie (<c>auth.cookie.*</c>). It is always <c>HttpOnly</c>, and its
/// <c>Max-Age</c> is the session's remaining lifetime.
/// </summary>
public sealed class AuthCookieOptions
{
    /// <summary>Whether sessions are read from and written to a cookie (otherwise only <c>Authorization: Bearer</c>).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The cookie's name. A <c>__Host-</c> prefix (recommended over HTTPS) needs <c>secure</c>, <c>path</c> <c>/</c> and no <c>domain</c>.</summary>
    /// <value>The default is <c>session</c>.</value>
    [Required, RegularExpression("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$")]
    public string Name { get; set; } = "session";

    /// <summary>The <c>SameSite</c> attribute; <c>None</c> needs <c>secure</c> <c>Always</c>.</summary>
    /// <value>The default is <see cref="CookieSameSite.Lax"/>.</value>
    public CookieSameSite SameSite { get; set; } = CookieSameSite.Lax;

    /// <summary>When the cookie is marked <c>Secure</c> (sent over HTTPS only).</summary>
    /// <value>The default is <see cref="CookieSecurity.OutsideDevelopment"/>.</value>
    public CookieSecurity Secure { get; set; } = CookieSecurity.OutsideDevelopment;

    /// <summary>The <c>Domain</c> attribute (to share the cookie with subdomains).</summary>
    /// <value>The default is none: the cookie goes back to the host that set it only.</value>
    [RegularExpression("^[A-Za-z0-9.-]{1,253}$")]
    public string? Domain { get; set; }

    /// <summary>The <c>Path</c> attribute.</summary>
    /// <value>The default is <c>/</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*$")]
    public string Path { get; set; } = "/";
}
