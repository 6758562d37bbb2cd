namespace Bunbase;

/// <summary>Writes an output property as a response header instead of a body field.</summary>
/// <param name="name">The header name, for example <c>Location</c>.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true)]
public sealed class ResponseHeaderAttribute(string name) : Attribute
{
    /// <summary>The header name.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// Writes an output property as a response cookie instead of a body field. A null value deletes
/// the cookie.
/// </summary>
/// <param name="name">The cookie name.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true)]
public sealed class ResponseCookieAttribute(string name) : Attribute
{
    /// <summary>The cookie name.</summary>
    public string Name { get; } = name;

    /// <summary>Whether scripts are kept from reading the cookie.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool HttpOnly { get; set; } = true;

    /// <summary>Whether the cookie is sent over HTTPS only.</summary>
    /// <value>The default is <see langword="true"/> outside Development and <see langword="false"/> in it.</value>
    public CookieSecurity Secure { get; set; } = CookieSecurity.OutsideDevelopment;

    /// <summary>The SameSite mode: <c>Lax</c>, <c>Strict</c> or <c>None</c>.</summary>
    /// <value>The default is <c>Lax</c>.</value>
    public string SameSite { get; set; } = "Lax";

    /// <summary>The cookie's lifetime in seconds; 0 makes it a session cookie.</summary>
    /// <value>The default is 0.</value>
    public int MaxAgeSeconds { get; set; }

    /// <summary>The cookie's path.</summary>
    /// <value>The default is <c>/</c>.</value>
    public string Path { get; set; } = "/";
}

/// <summary>When a response cookie carries the <c>Secure</c> flag.</summary>
public enum CookieSecurity
{
    /// <summary>Secure everywhere but in the Development environment.</summary>
    OutsideDevelopment,

    /// <summary>Always secure.</summary>
    Always,

    /// <summary>Never secure (plain HTTP only deployments).</summary>
    Never,
}
