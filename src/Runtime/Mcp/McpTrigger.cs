using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Mcp;

/// <summary>The trigger of invocations started by MCP tool calls, as the run log and spans name it.</summary>
internal static class McpTrigger
{
    public static InvocationTrigger Mcp { get; } = new("mcp");
}
