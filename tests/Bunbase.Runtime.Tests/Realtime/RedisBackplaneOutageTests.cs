using System.Collections;
using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>
/// The Redis backplane when Redis goes away and comes back (empty, as after a crash without persistence) while
/// clients stay connected to another instance than the publisher's.
/// </summary>
public sealed class RedisBackplaneOutageTests : IAsyncLifetime
{
    private PrivateRedis _redis = null!;
    private AppServer _a = null!;
    private AppServer _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await PrivateRedis.StartAsync();

        // B signs in as a user of its own, so a test can cut B alone off Redis (the tests' own commands sign in as boss).
        await using (var setup = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Url["redis://".Length..]))
        {
            foreach (var user in new[] { "b", "boss" })
                await setup.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all");
        }

        var name = $"rto-{Guid.NewGuid():N}";
        const string config = """ "redis": { "timeoutMs": 1000, "connectTimeoutMs": 500 }, "realtime": { "heartbeatMs": 200, "presenceTtlMs": 900 } """;
        _a = await AppServer.StartAsync(extraConfig: config, name: name, variables: new Hashtable { ["REDIS_URL"] = _redis.Url });
        _b = await AppServer.StartAsync(extraConfig: config, name: name, variables: new Hashtable { ["REDIS_URL"] = _redis.Url.Replace("redis://", "redis://b:secret@", StringComparison.Ordinal) });
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<string> AdminAsync(params object[] command)
    {
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Url["redis://".Length..] + ",allowAdmin=true,user=boss,password=secret");
        return (await admin.GetDatabase().ExecuteAsync((string)command[0], command[1..])).ToString();
    }

    private static async Task<(HttpStatusCode Status, string Body)> TryPublishAsync(AppServer server, string channel, string text)
    {
        using var response = await server.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> PublishAsync(AppServer server, string channel, string text)
    {
        var (status, body) = await TryPublishAsync(server, channel, text);
        Assert.True(status == HttpStatusCode.OK, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("hung")]
    public async Task A_publish_while_redis_is_out_is_503_realtime_unavailable(string outage)
    {
        var channel = $"public:{Guid.NewGuid():N}";
        await PublishAsync(_a, channel, "before");
        if (outage == "stopped")
            await _redis.StopServerAsync();
        else
            await _redis.PauseAsync(TimeSpan.FromSeconds(30));

        using var response = await _a.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text = "during" });
        var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable);

        Assert.Equal("realtime_unavailable", problem.Code);
    }

    [Fact]
    public async Task A_resume_or_a_presence_request_while_redis_is_out_is_503_realtime_unavailable()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        var cursor = (await PublishAsync(_a, channel, "before")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var alice = await TestSessions.StartAsync(_b.Client, "alice");
        await using var socket = await WsClient.ConnectAsync(_b.Address, bearer: alice);
        await _redis.StopServerAsync();

        var (status, _, body) = await SseClient.TryOpenAsync(_b.Client, "channel=" + channel, lastEventId: cursor);
        var joined = await socket.RequestAsync(new { type = "subscribe", id = "j", channel = $"chat:{Guid.NewGuid():N}" }, "j");

        Assert.True(status == HttpStatusCode.ServiceUnavailable, body);
        Assert.Contains("realtime_unavailable", body, StringComparison.Ordinal);
        Assert.Equal(("error", 503, "realtime_unavailable"), (joined.GetProperty("type").GetString(), joined.GetProperty("status").GetInt32(), joined.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Messages_published_while_an_instance_lost_its_subscription_reach_its_connected_subscribers()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        await using var subscribers = await SubscriberPair.OpenAsync(_b, channel);
        var first = await PublishAsync(_a, channel, "before");
        var (sseFirst, wsFirst) = await subscribers.NextIdsAsync(1);
        Assert.Equal(first, Assert.Single(sseFirst));
        Assert.Equal(first, Assert.Single(wsFirst));

        // B is cut off Redis (its connections closed, new ones refused) while A goes on publishing, then let back.
        // (A connection that fails to sign in would be the default user, who needs no password: no one may be that now.)
        await AdminAsync("ACL", "SETUSER", "default", "off");
        await AdminAsync("ACL", "SETUSER", "b", "off");
        Assert.Equal("2", await AdminAsync("CLIENT", "KILL", "USER", "b"));
        var missed = new[] { await PublishAsync(_a, channel, "during 1"), await PublishAsync(_a, channel, "during 2") };
        await AdminAsync("ACL", "SETUSER", "b", "on");
        await Eventually.TrueAsync(async () => (await TryPublishAsync(_b, $"public:{Guid.NewGuid():N}", "probe")).Status == HttpStatusCode.OK, "B to reach Redis again");
        await Task.Delay(1000);
        var after = await PublishAsync(_a, channel, "after");

        var (viaSse, viaWs) = await subscribers.NextIdsAsync(3);

        Assert.Equal([missed[0], missed[1], after], viaSse);
        Assert.Equal([missed[0], missed[1], after], viaWs);
    }

    [Fact]
    public async Task Members_still_connected_are_present_again_after_redis_restarts_empty()
    {
        var channel = $"chat:{Guid.NewGuid():N}";
        var alice = await TestSessions.StartAsync(_b.Client, "alice");
        await using var socket = await WsClient.ConnectAsync(_b.Address, bearer: alice);
        await socket.RequestAsync(new { type = "subscribe", id = "s", channel }, "s");
        Assert.Single(await MembersAsync(_a, channel));

        await _redis.StopServerAsync();
        await _redis.StartServerAsync();
        await Eventually.TrueAsync(async () => (await TryPublishAsync(_b, $"public:{Guid.NewGuid():N}", "probe")).Status == HttpStatusCode.OK, "B to reach Redis again");

        // Several renewals (every 300 ms) later, the member still connected is listed again, on both instances.
        await Eventually.TrueAsync(async () => (await MembersAsync(_a, channel)).Count == 1, "alice to be listed again", seconds: 10);
        Assert.Equal(["alice"], await MembersAsync(_b, channel));
    }

    private static async Task<List<string?>> MembersAsync(AppServer server, string channel)
    {
        using var response = await server.Client.GetAsync("/realtime/members?channel=" + Uri.EscapeDataString(channel));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return [.. System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString())];
    }

    [Fact]
    public async Task An_instance_with_presence_members_stops_promptly_while_redis_hangs()
    {
        var c = await AppServer.StartAsync(
            extraConfig: """ "redis": { "timeoutMs": 1000, "connectTimeoutMs": 500 }, "realtime": { "heartbeatMs": 200, "presenceTtlMs": 900 } """,
            name: $"rto-{Guid.NewGuid():N}", variables: new Hashtable { ["REDIS_URL"] = _redis.Url });
        var alice = await TestSessions.StartAsync(c.Client, "alice");
        var sockets = new List<WsClient>();
        for (var i = 0; i < 3; i++)
        {
            var socket = await WsClient.ConnectAsync(c.Address, bearer: alice);
            sockets.Add(socket);
            for (var j = 0; j < 3; j++)
                await socket.RequestAsync(new { type = "subscribe", id = "s", channel = $"chat:{Guid.NewGuid():N}" }, "s");
        }

        await _redis.PauseAsync(TimeSpan.FromSeconds(60));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await c.DisposeAsync();
        var stopped = clock.Elapsed;
        foreach (var socket in sockets)
            await socket.DisposeAsync();

        // Leaving is one Redis call per subscription, each bounded by redis.timeoutMs (1 s); the connections leave in parallel.
        Assert.True(stopped < TimeSpan.FromSeconds(20), $"stopping took {stopped}");
    }
}
