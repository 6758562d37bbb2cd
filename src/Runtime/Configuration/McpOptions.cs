using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Actions marked <c>[Tool]</c> served over MCP's streamable HTTP transport (<c>mcp.*</c>).</summary>
public sealed class McpOptions
{
    /// <summary>Whether the tools are served. An app without <c>[Tool]</c> actions serves nothing at <see cref="Path"/> either way.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the MCP endpoint is (POST, streamable HTTP); no action route may use it.</summary>
    /// <value>The default is <c>/_mcp</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$")]
    public string Path { get; set; } = "/_mcp";
}
