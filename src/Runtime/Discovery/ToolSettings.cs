using System.Reflection;

namespace Bunbase.Runtime.Discovery;

/// <summary>What an action declares about being an MCP tool (<c>[Tool]</c>).</summary>
internal sealed record ToolSettings(string? Title, bool ReadOnly)
{
    public static ToolSettings? For(Type handlerType) =>
        handlerType.GetCustomAttribute<ToolAttribute>() is { } tool ? new ToolSettings(tool.Title, tool.ReadOnly) : null;
}
