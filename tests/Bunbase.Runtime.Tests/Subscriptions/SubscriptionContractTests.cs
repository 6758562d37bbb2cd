using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Subscriptions;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>
/// Event subscribers in one process, the same on PostgreSQL and on the embedded file: the event as input,
/// ctx.Event, the publisher's trace, dead letters and their retry and skip.
/// </summary>
public abstract class SubscriptionContractTests : IAsyncLifetime
{
    private EventsAppServer _app = null!;

    /// <summary>The running fixture app (queue, events and subscribers all on).</summary>
    protected EventsAppServer App => _app;
    private HttpClient _client = null!;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        _app = await EventsAppServer.StartAsync(Postgres);
        _client = TestSessions.PlainClient(_app.Server);
        _admin = await TestSessions.StartAsync(_client, "ops", ["admin"]);
    }

    protected abstract bool Postgres { get; }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_event_runs_its_subscriber_with_ctx_Event_in_the_publisher_s_trace_and_the_run_log_says_event()
    {
        var traceId = await _app.PublishAsync("gauge-1", "strict-thing", new { count = 3 }, correlationId: "corr-1");

        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'gauge-1'") == 1, "the event to be handled");
        Assert.Equal("strict", await _app.ScalarAsync<string>("select subscription from event_runs where stream = 'gauge-1'"));
        Assert.Equal(1L, await CountAsync("select version from event_runs where stream = 'gauge-1'"));
        Assert.Equal(1L, await CountAsync("select attempt from event_runs where stream = 'gauge-1'"));
        Assert.True(await CountAsync("select global_position from event_runs where stream = 'gauge-1'") > 0);
        Assert.Equal("corr-1", await _app.ScalarAsync<string>("select correlation_id from event_runs where stream = 'gauge-1'"));
        Assert.Equal(traceId, await _app.ScalarAsync<string>("select trace_id from event_runs where stream = 'gauge-1'"));
        await Eventually.TrueAsync(async () => await CountAsync($"select count(*) from bunbase_action_runs where action = 'strict' and trigger = 'event' and trace_id = '{traceId}'") == 1, "the run to be logged");
    }

    [Fact]
    public async Task Data_that_does_not_fit_the_input_is_parked_at_once_with_its_error_and_the_stream_moves_on()
    {
        await _app.PublishAsync("gauge-2", "strict-thing", new { count = 50 });
        await _app.PublishAsync("gauge-2", "strict-thing", new { count = "many" });
        await _app.PublishAsync("gauge-2", "strict-thing", new { count = 2 });

        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'gauge-2'") == 1, "the fitting event to be handled");
        var dead = (await DeadAsync("strict")).OrderBy(d => d.GetProperty("globalPosition").GetInt64()).ToList();

        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
        Assert.StartsWith("validation_failed:", dead[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("count", dead[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("invalid_event_data: The event's data does not fit the input of 'strict'", dead[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3L, await CountAsync("select version from event_runs where stream = 'gauge-2'"));
    }

    [Fact]
    public async Task A_handler_that_always_fails_ends_in_the_dead_letters_after_its_attempts_then_is_retried_or_skipped()
    {
        await _app.PublishAsync("fragile-a", "fragile-thing", new { key = "a" });
        await _app.PublishAsync("fragile-b", "fragile-thing", new { key = "b" });
        await Eventually.TrueAsync(async () => (await DeadAsync("fragile")).Count == 2, "both events to be parked");
        var dead = (await DeadAsync("fragile")).ToDictionary(d => d.GetProperty("stream").GetString()!);
        Assert.All(dead.Values, d => Assert.Equal(3, d.GetProperty("attempts").GetInt32()));
        Assert.Equal("InvalidOperationException: not fixed yet (a, attempt 3)", dead["fragile-a"].GetProperty("error").GetString());

        await _app.ExecuteAsync("insert into switches (name) values ('fixed')"); // the operator fixes the cause
        using var retried = await SendAsync(HttpMethod.Post, $"/_admin/subscriptions/dead/{dead["fragile-a"].GetProperty("id").GetString()}/retry", _admin);
        using var skipped = await SendAsync(HttpMethod.Post, $"/_admin/subscriptions/dead/{dead["fragile-b"].GetProperty("id").GetString()}/skip", _admin);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'fragile-a'") == 1, "the retried event to be handled");
        await Eventually.TrueAsync(async () => (await DeadAsync("fragile")).Count == 0, "the dead letters to be gone");
        Assert.Equal(1, await CountAsync("select attempt from event_runs where stream = 'fragile-a'"));
        Assert.Equal(0L, await CountAsync("select count(*) from event_runs where stream = 'fragile-b'"));
    }

    [Fact]
    public async Task An_error_quoting_the_event_is_parked_whole_when_the_cap_falls_inside_an_emoji_and_later_events_run()
    {
        // "InvalidOperationException: not fixed yet (" is 42 characters: the emoji's two halves sit either side of the
        // 4,000-character cap on the error kept with a dead letter. Half a character has no UTF-8 form: the parking insert
        // could not be sent to PostgreSQL, and was retried with the rest of its batch for ever.
        var key = new string('a', 3_957) + "\U0001F600";
        await _app.PublishAsync("fragile-long", "fragile-thing", new { key });
        await Eventually.TrueAsync(async () => (await DeadAsync("fragile")).Count == 1, "the event to be parked");
        await _app.PublishAsync("gauge-after", "strict-thing", new { count = 1 });

        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'gauge-after'") == 1, "a later event to be handled");
        var dead = Assert.Single(await DeadAsync("fragile"));
        Assert.Equal("InvalidOperationException: not fixed yet (" + new string('a', 3_957), dead.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Retrying_or_skipping_an_unknown_dead_letter_is_404_a_bad_id_400_and_without_a_session_401()
    {
        using var unknown = await SendAsync(HttpMethod.Post, $"/_admin/subscriptions/dead/{Guid.NewGuid()}/retry", _admin);
        using var malformed = await SendAsync(HttpMethod.Post, "/_admin/subscriptions/dead/not-an-id/skip", _admin);
        using var anonymous = await SendAsync(HttpMethod.Get, "/_admin/subscriptions/dead", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_subscriptions_endpoint_shows_each_partition_s_holder_position_and_lag()
    {
        await _app.PublishAsync("gauge-3", "strict-thing", new { count = 1 });
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'gauge-3'") == 1, "the event to be handled");

        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await SendAsync(HttpMethod.Get, "/_admin/subscriptions", _admin);
                var items = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
                var strict = items.Single(i => i.GetProperty("name").GetString() == "strict");
                var partitions = strict.GetProperty("partitions").EnumerateArray().ToList();
                return partitions.Count == 4 && partitions.All(p => p.GetProperty("owner").GetString() is { Length: > 0 }) && strict.GetProperty("lag").GetInt64() == 0;
            },
            "every partition held and the lag at 0");
    }

    [Fact]
    public async Task Behind_lists_the_partitions_short_of_a_position_and_none_once_every_event_up_to_the_head_is_handled()
    {
        await _app.PublishAsync("gauge-9", "strict-thing", new { count = 4 });
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from event_runs where stream = 'gauge-9'") == 1, "the event to be handled");
        var consumer = _app.Server.Services.GetRequiredService<SubscriptionWorkers>().Consumers.Single(c => c.Name == "strict");
        var head = await _app.Server.Services.GetRequiredService<SubscriptionStore>().HeadAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => Task.FromResult(consumer.Behind(head).Count == 0), "every partition to reach the head");
        var beyond = consumer.Behind(head + 1);

        Assert.Equal([0, 1, 2, 3], beyond.Select(b => b.Partition));
        Assert.All(beyond, b => Assert.Equal(head, b.Position));
    }

    private async Task<List<JsonElement>> DeadAsync(string subscription)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/_admin/subscriptions/dead?subscription={subscription}", _admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token) =>
        _client.SendAsync(token is null ? new HttpRequestMessage(method, path) : TestSessions.WithBearer(method, path, token));

    private Task<long> CountAsync(string sql) => _app.CountAsync(sql);
}
