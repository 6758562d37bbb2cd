using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// Registers and maps the MCP endpoint (the official SDK's streamable HTTP transport) when
/// <c>mcp.enabled</c> and the app has tools. It is stateless: every POST stands alone, so any
/// instance answers any call (no session affinity behind a load balancer), and each tool call is
/// handled with the HTTP request that carried it, whose credentials the pipeline authenticates.
/// </summary>
internal static class McpServices
{
    /// <summary>Whether the endpoint is served.</summary>
    public static bool Serves(BunbaseOptions options, ActionCatalog catalog) =>
        options.Mcp.Enabled && catalog.Actions.Any(a => a.Tool is not null);

    public static IServiceCollection AddMcpTools(this IServiceCollection services, BunbaseOptions options, ActionCatalog catalog)
    {
        if (!Serves(options, catalog))
            return services;
        services.AddSingleton<McpToolResults>();
        services.AddSingleton<McpTools>();
        services.AddMcpServer(server =>
            {
                server.ServerInfo = new Implementation { Name = options.Name, Version = options.OpenApi.Version };
            })
            .WithHttpTransport(transport =>
            {
                transport.Stateless = true;

                // Stateless: called for every request, so the handlers see the request that carries the call.
                transport.ConfigureSessionOptions = (http, server, _) =>
                {
                    var tools = http.RequestServices.GetRequiredService<McpTools>();
                    server.Handlers.ListToolsHandler = (_, _) => ValueTask.FromResult(tools.List());
                    server.Handlers.CallToolHandler = async (request, cancellationToken) =>
                        await tools.CallAsync(http, request.Params, cancellationToken).ConfigureAwait(false);
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    public static void MapMcpTools(this IEndpointRouteBuilder endpoints, BunbaseOptions options, ActionCatalog catalog)
    {
        if (!Serves(options, catalog))
            return;

        // Built now, not on the first call, so a bad tool schema stops the start.
        _ = endpoints.ServiceProvider.GetRequiredService<McpTools>();
        var mcp = McpEndpointRouteBuilderExtensions.MapMcp(endpoints, options.Mcp.Path);
        mcp.Add(McpRequestGuard.Wrap);
        mcp.Finally(McpRequestGuard.AcceptAnyContentType);
    }
}
