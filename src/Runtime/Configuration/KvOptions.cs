using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The key-value store (<c>kv.*</c>).</summary>
public sealed class KvOptions
{
    /// <summary>Prepended to every key.</summary>
    /// <value>The default is <c>{name}:kv:</c>.</value>
    [StringLength(100)]
    public string? Prefix { get; set; }
}
