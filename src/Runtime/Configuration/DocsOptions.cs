using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The interactive docs page (<c>docs.*</c>): Swagger UI, served from the package with no CDN.</summary>
public sealed class DocsOptions
{
    /// <summary>Whether the page is served (it needs the OpenAPI document).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the page is served.</summary>
    /// <value>The default is <c>/docs</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$")]
    public string Path { get; set; } = "/docs";
}
