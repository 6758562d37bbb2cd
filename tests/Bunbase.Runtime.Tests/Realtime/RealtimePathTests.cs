using System.Net;
using System.Net.WebSockets;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>
/// WebSocket upgrades are taken only under <c>realtime.path</c>: the runtime scopes ASP.NET Core's WebSocket
/// middleware to it, so a configured path (matched without regard to case, as routes are) must still upgrade.
/// </summary>
public sealed class RealtimePathTests : IAsyncLifetime
{
    private AppServer _server = null!;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync(
        extraConfig: """ "database": {}, "realtime": { "path": "/live" } """, name: $"rt-path-{Guid.NewGuid():N}");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/live/ws")]
    [InlineData("/LIVE/ws")]
    public async Task A_websocket_on_the_configured_path_is_upgraded_and_answers(string path)
    {
        await using var socket = await WsClient.ConnectAsync(_server.Address, path: path);

        var pong = await socket.RequestAsync(new { type = "ping", id = "p" }, "p");

        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_default_path_is_not_served_when_another_is_configured()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{_server.Address.Authority}/_realtime/ws"), timeout.Token));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);

        using var response = await _server.Client.GetAsync("/live/ws");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
