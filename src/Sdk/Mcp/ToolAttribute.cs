namespace Bunbase;

/// <summary>
/// Serves the action as an MCP tool (at <c>mcp.path</c>, and over stdio through <c>bunbase mcp</c>):
/// the tool's name is the action's, its description the action's, its input schema the action's
/// input. A tool call runs through the same pipeline as a request, with the caller's session, so
/// the action's guards and rate limit apply. An action may be a tool and have an HTTP route too.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ToolAttribute : Attribute
{
    /// <summary>A short human-readable name for tool lists.</summary>
    /// <value>The default is none (clients show the tool's name).</value>
    public string? Title { get; set; }

    /// <summary>Tells clients the tool does not change anything (the MCP <c>readOnlyHint</c>), so they may call it without asking.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool ReadOnly { get; set; }
}
