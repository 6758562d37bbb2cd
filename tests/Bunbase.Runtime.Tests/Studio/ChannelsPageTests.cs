using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Realtime;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>The Channels page lists this instance's connections with their channels, and the channels' presence.</summary>
public sealed class ChannelsPageTests
{
    [Fact]
    public async Task A_websocket_subscriber_shows_with_its_user_channel_and_presence()
    {
        await using var server = await AppServer.StartAsync(extraConfig: "\"database\": {}", name: $"studio-rt-{Guid.NewGuid():N}");
        var alice = "alice-" + Guid.NewGuid().ToString("N");
        var token = await TestSessions.StartAsync(server.Client, alice);
        var admin = await TestSessions.StartAsync(server.Client, "ops", ["admin"]);
        var channel = $"chat:{Guid.NewGuid():N}";
        await using var socket = await WsClient.ConnectAsync(server.Address, bearer: token);
        await socket.RequestAsync(new { type = "subscribe", id = "a", channel }, "a");

        using var response = await server.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_studio/channels", admin));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong class=\"connections\">1</strong>", body, StringComparison.Ordinal);
        Assert.Contains($"<td>{alice}</td><td>{channel}</td>", body, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>{channel}</td><td>{alice} (1)</td></tr>", body, StringComparison.Ordinal);
    }
}
