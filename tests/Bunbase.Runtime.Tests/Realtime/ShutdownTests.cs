using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>A graceful stop tells realtime clients to reconnect (to another instance) rather than leaving them hanging.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_tells_sse_and_websocket_clients_to_reconnect()
    {
        var server = await AppServer.StartAsync(extraConfig: "\"shutdownDrainMs\": 0", name: $"rts-{Guid.NewGuid():N}");
        await using var stream = await SseClient.OpenAsync(server.Client, "channel=public:stop");
        await using var socket = await WsClient.ConnectAsync(server.Address);
        await socket.RequestAsync(new { type = "subscribe", id = "s", channel = "public:stop" }, "s");

        var stopping = server.DisposeAsync().AsTask();
        var sse = await stream.ReadAsync();
        var ws = await socket.ReceiveAsync("reconnect");
        await stopping;

        Assert.Equal(("reconnect", "shutdown"), (sse!.Value.Event, sse.Value.Data.GetProperty("reason").GetString()));
        Assert.Equal("shutdown", ws.GetProperty("reason").GetString());
    }
}
