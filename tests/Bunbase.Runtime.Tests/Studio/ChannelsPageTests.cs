using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_run_s_page_shows_the_channel_messages_it_published()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "persistence": { "flushIntervalMs": 50 } """);
        var admin = await TestSessions.StartAsync(server.Client, "ops", ["admin"]);
        var channel = $"public:{Guid.NewGuid():N}";
        using (var published = await server.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text = "hi" }))
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var store = server.Services.GetRequiredService<Bunbase.Runtime.ActionLog.IActionRunStore>();
        await Eventually.TrueAsync(async () => (await store.ListAsync(new Bunbase.Runtime.ActionLog.RunFilter("realtime-publish", null, null, 10), CancellationToken.None)).Count == 1, "the run");
        var run = Assert.Single(await store.ListAsync(new Bunbase.Runtime.ActionLog.RunFilter("realtime-publish", null, null, 10), CancellationToken.None));

        using var response = await server.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, $"/_studio/runs/{run.Id}", admin));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h3>Published to channels</h3>", body, StringComparison.Ordinal);
        Assert.Contains(channel, body, StringComparison.Ordinal);
    }
}
