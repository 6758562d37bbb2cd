using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The runtime's operator endpoints under <c>/_admin</c> (dead jobs, recent runs) (<c>admin.*</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>Whether <c>/_admin</c> is served. It also needs sessions (<c>auth.sessionSecret</c> or <c>auth.keys</c>): without them it is not served at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The role a session needs for <c>/_admin</c>.</summary>
    /// <value>The default is <c>admin</c>.</value>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    public string Role { get; set; } = "admin";
}
