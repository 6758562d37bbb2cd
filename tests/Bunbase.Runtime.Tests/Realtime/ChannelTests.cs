using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>Channels over SSE and WebSocket on one instance, on each backplane: delivery, resume, guards, bad input.</summary>
public abstract class ChannelTests : IAsyncLifetime
{
    private AppServer _server = null!;

    protected HttpClient Client => _server.Client;

    protected AppServer Server => _server;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync(
        extraConfig: await BackendConfigAsync() + """, "realtime": { "heartbeatMs": 200, "maxConnectionsPerUser": 2000, "historySize": 5 }""",
        name: $"rt-{Guid.NewGuid():N}");

    public virtual async Task DisposeAsync() => await _server.DisposeAsync();

    private protected abstract Task<string> BackendConfigAsync();

    protected static string Unique(string prefix) => $"{prefix}:{Guid.NewGuid():N}";

    protected async Task<long> PublishAsync(string channel, string text, string @event = "said")
    {
        using var response = await Client.PostAsJsonAsync("/realtime/publish", new { channel, @event, text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task An_sse_subscriber_receives_what_an_action_publishes()
    {
        var channel = Unique("public");
        await using var stream = await SseClient.OpenAsync(Client, "channel=" + channel);

        var id = await PublishAsync(channel, "hello");
        var message = await stream.NextMessageAsync();

        Assert.Equal(("message", channel, id, "said", "hello"), (message.GetProperty("type").GetString(), message.GetProperty("channel").GetString(),
            message.GetProperty("id").GetInt64(), message.GetProperty("event").GetString(), message.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.LastId);
    }

    [Fact]
    public async Task A_websocket_subscribes_publishes_and_receives_on_many_channels()
    {
        var token = await TestSessions.StartAsync(Client, $"u-{Guid.NewGuid():N}");
        var chat = Unique("chat");
        var open = Unique("public");
        await using var socket = await WsClient.ConnectAsync(Server.Address, bearer: token);

        var acks = new[]
        {
            await socket.RequestAsync(new { type = "subscribe", id = "1", channel = chat }, "1"),
            await socket.RequestAsync(new { type = "subscribe", id = "2", channel = open }, "2"),
        };
        var published = await socket.RequestAsync(new { type = "publish", id = "3", channel = chat, @event = "typed", data = new { text = "hi" } }, "3");
        var first = await socket.ReceiveEventAsync("typed");
        await PublishAsync(open, "from an action");
        var second = await socket.ReceiveEventAsync("said");
        var pong = await socket.RequestAsync(new { type = "ping", id = "4" }, "4");

        Assert.All(acks, a => Assert.Equal("ack", a.GetProperty("type").GetString()));
        Assert.Equal("ack", published.GetProperty("type").GetString());
        Assert.Equal((chat, "typed", "hi"), (first.GetProperty("channel").GetString(), first.GetProperty("event").GetString(), first.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(published.GetProperty("messageId").GetInt64(), first.GetProperty("id").GetInt64());
        Assert.Equal(open, second.GetProperty("channel").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Resuming_from_last_event_id_loses_nothing_and_repeats_nothing()
    {
        var channel = Unique("public");
        string cursor;
        await using (var stream = await SseClient.OpenAsync(Client, "channel=" + channel))
        {
            await PublishAsync(channel, "m1");
            await stream.NextMessageAsync();
            cursor = stream.LastId!;
        }

        await PublishAsync(channel, "m2");
        await PublishAsync(channel, "m3");
        await using var resumed = await SseClient.OpenAsync(Client, "channel=" + channel, lastEventId: cursor);
        await PublishAsync(channel, "m4");

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
            texts.Add((await resumed.NextMessageAsync()).GetProperty("data").GetProperty("text").GetString()!);
        Assert.Equal(["m2", "m3", "m4"], texts);
    }

    [Fact]
    public async Task Resuming_from_an_id_no_longer_kept_is_told_of_the_gap_then_goes_on_live()
    {
        var channel = Unique("public");
        var first = await PublishAsync(channel, "m0");
        for (var i = 1; i <= 7; i++)
            await PublishAsync(channel, "m" + i); // historySize is 5

        await using var stream = await SseClient.OpenAsync(Client, "channel=" + channel, lastEventId: first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var gap = await stream.ReadAsync();
        var kept = await stream.NextMessageAsync();

        Assert.Equal("gap", gap!.Value.Event);
        Assert.Equal(channel, gap.Value.Data.GetProperty("channel").GetString());
        Assert.Equal("m3", kept.GetProperty("data").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(1_000L)]
    [InlineData(long.MaxValue)]
    public async Task Resuming_past_the_latest_id_is_told_of_the_gap_and_loses_no_live_message(long ahead)
    {
        var channel = Unique("public");
        var latest = await PublishAsync(channel, "before");
        var cursor = ahead == long.MaxValue ? long.MaxValue : latest + ahead;

        await using var stream = await SseClient.OpenAsync(Client, "channel=" + channel, lastEventId: cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var gap = await stream.ReadAsync();
        var id = await PublishAsync(channel, "after");
        var live = await stream.NextMessageAsync();

        Assert.Equal(("gap", cursor), (gap!.Value.Event, gap.Value.Data.GetProperty("after").GetInt64()));
        Assert.Equal((id, "after"), (live.GetProperty("id").GetInt64(), live.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.LastId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_websocket_resuming_past_the_latest_id_gets_every_live_message(bool publishedBefore)
    {
        var channel = Unique("public");
        var cursor = publishedBefore ? await PublishAsync(channel, "before") + 3 : long.MaxValue;
        await using var socket = await WsClient.ConnectAsync(Server.Address);

        await socket.RequestAsync(new { type = "subscribe", id = "s", channel, lastEventId = cursor }, "s");
        var gap = await socket.ReceiveAsync("gap");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await PublishAsync(channel, "m" + i));
        var received = new List<long>();
        for (var i = 0; i < 5; i++)
            received.Add((await socket.ReceiveEventAsync("said")).GetProperty("id").GetInt64());

        Assert.Equal(cursor, gap.GetProperty("after").GetInt64());
        Assert.Equal(ids, received);
    }

    [Fact]
    public async Task Two_channels_on_one_stream_resume_each_from_its_own_id()
    {
        var a = Unique("public");
        var b = Unique("public");
        string cursor;
        await using (var stream = await SseClient.OpenAsync(Client, $"channel={a}&channel={b}"))
        {
            await PublishAsync(a, "a1");
            await PublishAsync(b, "b1");
            await stream.NextMessageAsync();
            await stream.NextMessageAsync();
            cursor = stream.LastId!;
        }

        await PublishAsync(b, "b2");
        await PublishAsync(a, "a2");
        await using var resumed = await SseClient.OpenAsync(Client, $"channel={a}&channel={b}", lastEventId: cursor);
        var texts = new HashSet<string>
        {
            (await resumed.NextMessageAsync()).GetProperty("data").GetProperty("text").GetString()!,
            (await resumed.NextMessageAsync()).GetProperty("data").GetProperty("text").GetString()!,
        };

        Assert.Equal(2, cursor.Split('.').Length);
        Assert.Equal(["a2", "b2"], texts.Order());
    }

    [Theory]
    [InlineData("chat:x", null, HttpStatusCode.Unauthorized, "session_required")]
    [InlineData("staff", new[] { "member" }, HttpStatusCode.Forbidden, "role_required")]
    [InlineData("inbox:someone-else", new string[0], HttpStatusCode.Forbidden, "forbidden")]
    [InlineData("nowhere", null, HttpStatusCode.NotFound, "channel_not_found")]
    public async Task An_unauthorised_subscribe_is_refused_with_its_code(string channel, string[]? roles, HttpStatusCode status, string code)
    {
        var token = roles is null ? null : await TestSessions.StartAsync(Client, $"u-{Guid.NewGuid():N}", roles);

        var (sseStatus, stream, body) = await SseClient.TryOpenAsync(Client, "channel=" + channel, bearer: token);
        await using var socket = await WsClient.ConnectAsync(Server.Address, bearer: token);
        var error = await socket.RequestAsync(new { type = "subscribe", id = "s", channel }, "s");

        Assert.Null(stream);
        Assert.Equal(status, sseStatus);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.Equal(("error", code, (int)status), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task A_custom_channel_guard_admits_its_user()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var token = await TestSessions.StartAsync(Client, user);
        await using var stream = await SseClient.OpenAsync(Client, "channel=inbox:" + user, bearer: token);

        await PublishAsync("inbox:" + user, "for you");

        Assert.Equal("for you", (await stream.NextMessageAsync()).GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_client_may_not_publish_where_the_app_did_not_allow_it()
    {
        await using var socket = await WsClient.ConnectAsync(Server.Address);

        var error = await socket.RequestAsync(new { type = "publish", id = "p", channel = Unique("public"), @event = "x", data = 1 }, "p");

        Assert.Equal("publish_not_allowed", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"type":"shout","id":"b"}""", "unknown_type")]
    [InlineData("""{"id":"b"}""", "invalid_message")]
    [InlineData("""{"type":"subscribe","id":"b"}""", "invalid_message")]
    [InlineData("""{"type":"subscribe","id":"b","channel":"no spaces"}""", "invalid_channel")]
    [InlineData("""{"type":"subscribe","id":"b","channel":""}""", "invalid_channel")]
    [InlineData("""{"type":"subscribe","id":"b","channel":"public:x","lastEventId":"soon"}""", "invalid_last_event_id")]
    [InlineData("""{"type":"unsubscribe","id":"b","channel":"public:never"}""", "not_subscribed")]
    [InlineData("""{"type":"subscribe","id":{"x":1},"channel":"public:x"}""", "invalid_message")]
    [InlineData("""[1,2]""", "invalid_message")]
    [InlineData("""not json""", "invalid_message")]
    [InlineData("""{"type":"subscribe","id":"b","channel":"public:\ud800"}""", "invalid_message")] // JSON, but not Unicode
    [InlineData("""{"type":"\udc00","id":"b"}""", "invalid_message")]
    [InlineData("""{"type":"ping","id":"\ud800"}""", "invalid_message")]
    public async Task A_bad_websocket_message_gets_a_clear_error_and_the_socket_stays_open(string text, string code)
    {
        await using var socket = await WsClient.ConnectAsync(Server.Address);

        await socket.SendTextAsync(text);
        var error = await socket.ReceiveAsync("error");
        var pong = await socket.RequestAsync(new { type = "ping", id = "after" }, "after");

        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32() / 100 * 100);
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_client_message_larger_than_the_idle_read_buffer_arrives_whole_and_small_ones_follow()
    {
        var token = await TestSessions.StartAsync(Client, $"u-{Guid.NewGuid():N}");
        await using var socket = await WsClient.ConnectAsync(Server.Address, bearer: token);
        var chat = Unique("chat");
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"{i:D4}|"));   // 2,000 characters, none repeated in place

        await socket.RequestAsync(new { type = "subscribe", id = "s", channel = chat }, "s");
        await socket.RequestAsync(new { type = "publish", id = "big", channel = chat, @event = "big", data = new { text } }, "big");
        var big = await socket.ReceiveEventAsync("big");
        await socket.RequestAsync(new { type = "publish", id = "small", channel = chat, @event = "small", data = new { text = "after" } }, "small");
        var small = await socket.ReceiveEventAsync("small");

        Assert.Equal(text, big.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("after", small.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_oversize_message_is_refused_and_the_socket_stays_open()
    {
        var token = await TestSessions.StartAsync(Client, $"u-{Guid.NewGuid():N}");
        await using var socket = await WsClient.ConnectAsync(Server.Address, bearer: token);
        var channel = Unique("chat");

        await socket.SendAsync(new { type = "publish", id = "big", channel, @event = "x", data = new string('x', 10_000) });
        var tooLarge = await socket.ReceiveAsync("error");
        var overLimit = await socket.RequestAsync(new { type = "publish", id = "p", channel, @event = "x", data = new string('x', 4_500) }, "p");
        var pong = await socket.RequestAsync(new { type = "ping", id = "after" }, "after");

        Assert.Equal("message_too_large", tooLarge.GetProperty("code").GetString());
        Assert.Equal("invalid_channel_message", overLimit.GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Too_many_channels_are_refused_on_both_transports()
    {
        var many = string.Join('&', Enumerable.Range(0, 51).Select(i => $"channel=public:{i}"));
        var (status, _, body) = await SseClient.TryOpenAsync(Client, many);
        await using var socket = await WsClient.ConnectAsync(Server.Address);
        JsonElement last = default;
        for (var i = 0; i < 51; i++)
            last = await socket.RequestAsync(new { type = "subscribe", id = $"s{i}", channel = $"public:many-{i}" }, $"s{i}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("too_many_channels", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.Equal("too_many_channels", last.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("", "channel")]
    [InlineData("channel=has%20space", "invalid_channel")]
    [InlineData("channel=public:a&channel=public:a", "invalid_channel")]
    public async Task A_malformed_sse_request_is_400(string query, string code)
    {
        var (status, _, body) = await SseClient.TryOpenAsync(Client, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("code").GetString() == code || problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(code, out _), body);
    }

    [Theory]
    [InlineData("12.13")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task A_malformed_last_event_id_is_400(string lastEventId)
    {
        var (status, _, body) = await SseClient.TryOpenAsync(Client, "channel=public:x", lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_last_event_id", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_plain_get_on_the_websocket_path_is_400()
    {
        using var response = await Client.GetAsync("/_realtime/ws");

        Assert.Equal("websocket_required", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task A_revoked_session_ends_its_connection()
    {
        var token = await TestSessions.StartAsync(Client, $"u-{Guid.NewGuid():N}");
        await using var stream = await SseClient.OpenAsync(Client, "channel=" + Unique("chat"), bearer: token);
        await using var socket = await WsClient.ConnectAsync(Server.Address, bearer: token);
        await socket.RequestAsync(new { type = "subscribe", id = "s", channel = Unique("chat") }, "s");

        using (var signOut = TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token))
        using (var response = await Client.SendAsync(signOut))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        (string Event, JsonElement Data)? closed;
        do
            closed = await stream.ReadAsync();
        while (closed is { Event: "message" });
        var wsClosed = await socket.ReceiveAsync("closed");

        Assert.Equal(("closed", "session_revoked"), (closed!.Value.Event, closed.Value.Data.GetProperty("reason").GetString()));
        Assert.Equal("session_revoked", wsClosed.GetProperty("reason").GetString());
        Assert.Null(await stream.ReadAsync());
    }

    [Fact]
    public async Task Presence_lists_members_and_announces_joins_and_leaves()
    {
        var channel = Unique("chat");
        var alice = await TestSessions.StartAsync(Client, "alice-" + Guid.NewGuid().ToString("N"));
        var bob = await TestSessions.StartAsync(Client, "bob-" + Guid.NewGuid().ToString("N"));
        await using var first = await WsClient.ConnectAsync(Server.Address, bearer: alice);
        await first.RequestAsync(new { type = "subscribe", id = "a", channel }, "a");
        await first.ReceiveAsync("message"); // its own join

        JsonElement join, members, leave;
        await using (var second = await WsClient.ConnectAsync(Server.Address, bearer: bob))
        {
            await second.RequestAsync(new { type = "subscribe", id = "b", channel }, "b");
            join = await first.ReceiveAsync("message");
            members = await first.RequestAsync(new { type = "presence", id = "p", channel }, "p");
        }

        leave = await first.ReceiveAsync("message");
        using var request = TestSessions.WithBearer(HttpMethod.Get, "/_realtime/presence?channel=" + channel, alice);
        using var after = await Client.SendAsync(request);
        var left = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("presence.join", join.GetProperty("event").GetString());
        Assert.StartsWith("bob-", join.GetProperty("data").GetProperty("userId").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, members.GetProperty("count").GetInt32());
        Assert.Equal("presence.leave", leave.GetProperty("event").GetString());
        Assert.Equal(1, left.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Presence_of_a_channel_that_does_not_track_it_is_refused_on_both_transports()
    {
        var channel = Unique("public");
        await using var socket = await WsClient.ConnectAsync(Server.Address);

        var overSocket = await socket.RequestAsync(new { type = "presence", id = "p", channel }, "p");
        using var overHttp = await Client.GetAsync("/_realtime/presence?channel=" + channel);

        Assert.Equal(("error", 404, "presence_not_tracked"), (overSocket.GetProperty("type").GetString(), overSocket.GetProperty("status").GetInt32(), overSocket.GetProperty("code").GetString()));
        Assert.Equal("presence_not_tracked", (await Problem.ReadAsync(overHttp, HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task A_presence_request_naming_two_channels_is_told_it_takes_one()
    {
        using var response = await Client.GetAsync($"/_realtime/presence?channel={Unique("chat")}&channel={Unique("chat")}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("one channel", Assert.Single(problem.Errors["channel"]), StringComparison.Ordinal);
        Assert.DoesNotContain("maxChannelsPerConnection", problem.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_reads_nothing_is_dropped_and_its_queue_stays_bounded()
    {
        var channel = Unique("public");
        var server = Server.Services.GetRequiredService<RealtimeServer>();
        var capacity = server.Options.QueueCapacity;
        using var raw = new System.Net.Sockets.TcpClient();
        raw.ReceiveBufferSize = 4096;
        await raw.ConnectAsync(Server.Address.Host, Server.Address.Port);
        var stream = raw.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET /_realtime/sse?channel={channel} HTTP/1.1\r\nHost: {Server.Address.Authority}\r\n\r\n"));
        var connections = Server.Services.GetRequiredService<RealtimeConnections>();
        await Eventually.TrueAsync(() => Task.FromResult(connections.Count == 1 && server.Hub.ChannelCount >= 1), "the stream to be subscribed");

        var payload = new string('x', 3_000);
        var published = 0;
        // Until the drop is counted: the connection itself is removed a moment later, once its writer has stopped.
        while (server.Metrics.DroppedCount("overflow") == 0 && published < 20_000)
        {
            await server.PublishAsync(channel, "flood", new { payload }, CancellationToken.None);
            published++;
        }

        Assert.True(published < 20_000, "the silent client was never dropped");
        await Eventually.TrueAsync(() => Task.FromResult(connections.Count == 0), "the dropped connection to be removed");
        Assert.InRange(server.Metrics.QueuePeak, 1, capacity);
        Assert.Equal(1, server.Metrics.DroppedCount("overflow"));
    }
}

public sealed class InProcessChannelTests : ChannelTests
{
    private protected override Task<string> BackendConfigAsync() => Task.FromResult("\"database\": {}");
}

public sealed class PostgresChannelTests : ChannelTests
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

public sealed class RedisChannelTests : ChannelTests
{
    private protected override Task<string> BackendConfigAsync() =>
        Task.FromResult($$""" "redis": { "url": "{{TestServices.RedisUrl}}", "timeoutMs": 5000 } """);
}
