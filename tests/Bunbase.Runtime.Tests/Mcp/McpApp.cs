using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary>The fixture app on loopback, with MCP clients (the SDK's, over streamable HTTP) with or without a session.</summary>
public sealed class McpApp : IAsyncLifetime
{
    public AppServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AppServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public static async Task<McpClient> ConnectAsync(AppServer server, string? token = null, string path = "/_mcp", Dictionary<string, string>? headers = null)
    {
        headers ??= [];
        if (token is not null)
            headers["Authorization"] = "Bearer " + token;
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Address, path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        };
        return await McpClient.CreateAsync(new HttpClientTransport(options));
    }

    public Task<McpClient> ConnectAsync(string? token = null) => ConnectAsync(Server, token);

    /// <summary>The run log's rows for an action, once every record so far is written.</summary>
    internal async Task<IReadOnlyList<StoredRun>> RunsAsync(string action)
    {
        var log = Server.Services.GetRequiredService<ActionRunLog>();
        var target = log.Added;
        for (var i = 0; i < 3000 && log.Settled < target; i++)
        {
            log.RequestFlush();
            await Task.Delay(10);
        }

        return await Server.Services.GetRequiredService<IActionRunStore>().ListAsync(new RunFilter(action, null, null, 100), CancellationToken.None);
    }
}
