using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>Two instances of one app sharing a backplane: a publish on one reaches subscribers of the other, and resuming works on either.</summary>
public abstract class CrossInstanceTests : IAsyncLifetime
{
    private AppServer _a = null!;
    private AppServer _b = null!;

    public async Task InitializeAsync()
    {
        var name = $"rtx-{Guid.NewGuid():N}";
        var config = await BackendConfigAsync() + """, "realtime": { "heartbeatMs": 200, "presenceTtlMs": 900, "maxConnectionsPerUser": 2000 }""";
        _a = await AppServer.StartAsync(extraConfig: config, name: name);
        _b = await AppServer.StartAsync(extraConfig: config, name: name);
    }

    public virtual async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private protected abstract Task<string> BackendConfigAsync();

    private static async Task<long> PublishAsync(AppServer server, string channel, string text)
    {
        using var response = await server.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_publish_on_one_instance_reaches_sse_and_websocket_subscribers_on_the_other()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        await using var stream = await SseClient.OpenAsync(_b.Client, "channel=" + channel);
        await using var socket = await WsClient.ConnectAsync(_b.Address);
        await socket.RequestAsync(new { type = "subscribe", id = "s", channel }, "s");

        var id = await PublishAsync(_a, channel, "across");

        var viaSse = await stream.NextMessageAsync();
        var viaWs = await socket.ReceiveEventAsync("said");
        Assert.Equal((id, "across"), (viaSse.GetProperty("id").GetInt64(), viaSse.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(id, viaWs.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Ids_increase_across_instances_and_a_client_resumes_on_the_other_instance()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        string cursor;
        await using (var stream = await SseClient.OpenAsync(_a.Client, "channel=" + channel))
        {
            await PublishAsync(_b, channel, "m1");
            await stream.NextMessageAsync();
            cursor = stream.LastId!;
        }

        var ids = new[] { await PublishAsync(_a, channel, "m2"), await PublishAsync(_b, channel, "m3") };
        await using var resumed = await SseClient.OpenAsync(_b.Client, "channel=" + channel, lastEventId: cursor);
        var texts = new[] { await resumed.NextMessageAsync(), await resumed.NextMessageAsync() }.Select(m => m.GetProperty("data").GetProperty("text").GetString());

        Assert.Equal(ids[0] + 1, ids[1]);
        Assert.Equal(["m2", "m3"], texts);
    }

    [Fact]
    public async Task Resuming_past_the_latest_id_on_the_other_instance_goes_on_from_the_shared_latest()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        var latest = await PublishAsync(_a, channel, "m0");
        var cursor = (latest + 1_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var resumed = await SseClient.OpenAsync(_b.Client, "channel=" + channel, lastEventId: cursor);
        var gap = await resumed.ReadAsync();
        var ids = new[] { await PublishAsync(_a, channel, "m1"), await PublishAsync(_b, channel, "m2") };
        var received = new[] { await resumed.NextMessageAsync(), await resumed.NextMessageAsync() }.Select(m => m.GetProperty("id").GetInt64());

        Assert.Equal("gap", gap!.Value.Event);
        Assert.Equal([latest + 1, latest + 2], ids);
        Assert.Equal(ids, received);
    }

    [Fact]
    public async Task Presence_is_the_same_on_every_instance()
    {
        var channel = $"chat:{Guid.NewGuid():N}";
        var alice = await TestSessions.StartAsync(_a.Client, "alice");
        var bob = await TestSessions.StartAsync(_a.Client, "bob");
        await using var first = await WsClient.ConnectAsync(_a.Address, bearer: alice);
        await using var second = await WsClient.ConnectAsync(_b.Address, bearer: bob);
        await first.RequestAsync(new { type = "subscribe", id = "a", channel }, "a");
        await second.RequestAsync(new { type = "subscribe", id = "b", channel }, "b");

        var fromA = await first.RequestAsync(new { type = "presence", id = "p", channel }, "p");
        var fromB = await second.RequestAsync(new { type = "presence", id = "p", channel }, "p");

        Assert.Equal(2, fromA.GetProperty("count").GetInt32());
        Assert.Equal(["alice", "bob"], fromB.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).Order());
    }

    [Fact]
    public async Task A_thousand_subscribers_on_one_instance_all_receive_a_publish_from_the_other()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        var server = _b.Services.GetRequiredService<RealtimeServer>();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = _b.Address, Timeout = TimeSpan.FromMinutes(2) };
        var streams = new List<SseClient>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
                streams.AddRange(await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => SseClient.OpenAsync(client, "channel=" + channel))));
            Assert.Equal(1_000, _b.Services.GetRequiredService<RealtimeConnections>().Count);

            var id = await PublishAsync(_a, channel, "to all");
            var received = await Task.WhenAll(streams.Select(s => s.NextMessageAsync(seconds: 60)));

            Assert.All(received, m => Assert.Equal(id, m.GetProperty("id").GetInt64()));
            Assert.Equal(1_000, received.Length);
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }

        await Eventually.TrueAsync(() => Task.FromResult(server.Hub.ChannelCount == 0), "the subscriptions to end");
    }
}

public sealed class RedisCrossInstanceTests : CrossInstanceTests
{
    private protected override Task<string> BackendConfigAsync() =>
        Task.FromResult($$""" "redis": { "url": "{{TestServices.RedisUrl}}", "timeoutMs": 5000 } """);
}

public sealed class PostgresCrossInstanceTests : CrossInstanceTests
{
    private TestDatabase _database = null!;

    private protected override async Task<string> BackendConfigAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return $$""" "database": { "url": "{{_database.Url}}" } """;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
