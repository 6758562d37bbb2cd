using System.Text.Json;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// An invocation triggered by an MCP tool call (trigger <c>mcp</c>): the call's arguments, the MCP
/// HTTP request as the caller's credentials (see <see cref="McpCaller"/>), its trace id and
/// request services, and the tool result the transport answers with.
/// </summary>
internal sealed class McpInvocation(
    HttpContext http,
    ActionDescriptor action,
    IDictionary<string, JsonElement>? arguments,
    ActionContextServices context,
    CancellationToken cancellation)
    : Invocation(action, McpTrigger.Mcp, context, cancellation)
{
    private readonly McpCaller _credentials = new(http);

    public IDictionary<string, JsonElement>? Arguments => arguments;

    /// <summary>The path of a key the message gave twice in the arguments (see <see cref="McpRequestGuard"/>), or null.</summary>
    public string? DuplicateArgument => http.Items[McpRequestGuard.DuplicateArgumentKey] as string;

    public override ICallerRequest Credentials => _credentials;

    /// <summary>The tool result, set by the transport's writers.</summary>
    public CallToolResult? Result { get; set; }

    protected override string ResolveTraceId() => TraceIds.Of(http);

    protected override IServiceProvider ResolveServices() => http.RequestServices;
}
