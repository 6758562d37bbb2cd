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

    /// <summary>What the API is, in the document's <c>info.description</c> (Markdown).</summary>
    /// <value>The default is none.</value>
    public string? Description { get; set; }

    /// <summary>The URLs the API is served at (<c>https://api.example.com</c>), in the document's <c>servers</c>.</summary>
    /// <value>The default is none: the document names <c>/</c>, the server that serves it.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] Servers { get; set; } = [];
#pragma warning restore CA1819
}
