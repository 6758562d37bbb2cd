using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The OpenAPI document (<c>openapi.*</c>).</summary>
public sealed class OpenApiOptions
{
    /// <summary>Whether the document is served.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the document is served.</summary>
    /// <value>The default is <c>/openapi.json</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*$")]
    public string Path { get; set; } = "/openapi.json";

    /// <summary>The document's title.</summary>
    /// <value>The default is the application's <c>name</c>.</value>
    public string? Title { get; set; }

    /// <summary>The API's version, as the document states it.</summary>
    /// <value>The default is <c>1.0.0</c>.</value>
    [Required]
    public string Version { get; set; } = "1.0.0";
}
