using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary><c>mcp.enabled</c> and <c>mcp.path</c>: where the tools are served, checked at start.</summary>
public sealed class McpConfigurationTests
{
    [Fact]
    public async Task Serves_the_tools_at_the_configured_path_only()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "mcp": { "path": "/agents/mcp" } """);
        await using var client = await McpApp.ConnectAsync(server, path: "/agents/mcp");
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "tool-echo");

        using var old = await server.Client.PostAsync(new Uri("/_mcp", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Disabled_serves_nothing()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "mcp": { "enabled": false } """);
        using var response = await server.Client.PostAsync(new Uri("/_mcp", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_path_an_action_route_uses_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppServer.StartAsync(extraConfig: """ "mcp": { "path": "/limited" } """));
        Assert.Contains("mcp.path", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_admin/jobs/dead/retry")]
    [InlineData("/_metrics")]
    [InlineData("/docs/mcp")]
    public async Task A_path_of_the_runtimes_own_endpoints_stops_the_start(string path)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppServer.StartAsync(extraConfig: $$""" "mcp": { "path": "{{path}}" } """));
        Assert.Contains("mcp.path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_is_not_a_path_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppServer.StartAsync(extraConfig: """ "mcp": { "path": "mcp" } """));
        Assert.Contains("mcp.path", error.Message, StringComparison.Ordinal);
    }
}
