using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>Following a durable event category or stream live over SSE: catch-up, then live, resumable, guarded like the read API.</summary>
public abstract class EventStreamTests : IAsyncLifetime
{
    private readonly string _name = $"rte-{Guid.NewGuid():N}";
    private AppServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync(extraConfig: await DatabaseConfigAsync() + """, "realtime": { "heartbeatMs": 200 }""", name: _name);

    public virtual async Task DisposeAsync() => await _server.DisposeAsync();

    private protected abstract Task<string> DatabaseConfigAsync();

    private async Task PublishAsync(string stream, string type)
    {
        using var response = await Client.PostAsJsonAsync("/events/publish", new { stream, type });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> NextEventAsync(SseClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            var frame = await client.ReadAsync() ?? throw new InvalidOperationException("The stream ended.");
            if (frame.Event == "event")
                return frame.Data;
        }

        throw new InvalidOperationException("No event in 100 frames.");
    }

    private static async Task<SseClient> FollowAsync(HttpClient client, string query, string? lastEventId = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_realtime/events?" + query);
        if (lastEventId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        if (bearer is not null)
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SseClient.FromResponseAsync(response);
    }

    [Fact]
    public async Task A_category_is_caught_up_then_followed_live_and_resumed_after_the_last_id()
    {
        await PublishAsync("open-1", "first");
        string cursor;
        await using (var follow = await FollowAsync(Client, "category=open"))
        {
            var caughtUp = await NextEventAsync(follow);
            await PublishAsync("open-2", "second");
            var live = await NextEventAsync(follow);
            cursor = follow.LastId!;
            Assert.Equal(("first", "second"), (caughtUp.GetProperty("type").GetString(), live.GetProperty("type").GetString()));
            Assert.Equal(live.GetProperty("position").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), cursor);
        }

        await PublishAsync("open-1", "third");
        await using var resumed = await FollowAsync(Client, "category=open", lastEventId: cursor);
        Assert.Equal("third", (await NextEventAsync(resumed)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_stream_is_followed_from_a_version()
    {
        await PublishAsync("open-7", "v1");
        await PublishAsync("open-7", "v2");
        await using var follow = await FollowAsync(Client, "stream=open-7&from=2");

        var first = await NextEventAsync(follow);
        await PublishAsync("open-7", "v3");
        var second = await NextEventAsync(follow);

        Assert.Equal((2, 3), (first.GetProperty("version").GetInt64(), second.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_stream_ends_when_its_session_expires()
    {
        var token = TokenForge.Sign(TokenForge.Payload(_name, "short-lived", TimeSpan.Zero, TimeSpan.FromSeconds(2)), AppServer.SessionSecret);
        await using var follow = await FollowAsync(Client, "category=open", bearer: token);

        (string Event, System.Text.Json.JsonElement Data)? frame;
        var frames = 0;
        do
            frame = await follow.ReadAsync();
        while (frame is { Event: "event" } && ++frames < 1_000);

        Assert.Equal(("closed", "session_expired"), (frame!.Value.Event, frame.Value.Data.GetProperty("reason").GetString()));
        Assert.Null(await follow.ReadAsync());
    }

    [Theory]
    [InlineData("category=audit", HttpStatusCode.Unauthorized, "session_required")]
    [InlineData("category=closed", HttpStatusCode.NotFound, "event_category_not_found")]
    [InlineData("category=open&stream=open-1", HttpStatusCode.BadRequest, "invalid_event_source")]
    [InlineData("", HttpStatusCode.BadRequest, "invalid_event_source")]
    public async Task A_refused_or_malformed_follow_is_a_problem(string query, HttpStatusCode status, string code)
    {
        using var response = await Client.GetAsync("/_realtime/events?" + query);

        Assert.Equal(code, (await Problem.ReadAsync(response, status)).Code);
    }

    [Fact]
    public async Task A_last_event_id_at_the_largest_number_is_400_not_a_replay_from_the_start()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_realtime/events?category=open");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("invalid_last_event_id", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }
}

public sealed class PostgresEventStreamTests : EventStreamTests
{
    private TestDatabase _database = null!;

    private protected override async Task<string> DatabaseConfigAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return $$""" "database": { "url": "{{_database.Url}}" }, "events": { "sequencerPollMs": 50 } """;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class SqliteEventStreamTests : EventStreamTests
{
    private protected override Task<string> DatabaseConfigAsync() => Task.FromResult("\"database\": {}");
}
