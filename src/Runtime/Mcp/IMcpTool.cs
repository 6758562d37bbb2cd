using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>One action served as an MCP tool: what tools/list shows of it, and a tools/call of it.</summary>
internal interface IMcpTool
{
    Tool Protocol { get; }

    Task<CallToolResult> CallAsync(HttpContext http, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken);
}
