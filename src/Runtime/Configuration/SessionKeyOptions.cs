using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>One session signing key (<c>auth.keys[n]</c>).</summary>
public sealed class SessionKeyOptions
{
    /// <summary>The key's id, written in every token it signs (the <c>kid</c> header).</summary>
    /// <value>The default is none: required.</value>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string? Id { get; set; }

    /// <summary>The secret: at least 32 bytes of UTF-8, random.</summary>
    /// <value>The default is none: required.</value>
    public string? Secret { get; set; }
}
