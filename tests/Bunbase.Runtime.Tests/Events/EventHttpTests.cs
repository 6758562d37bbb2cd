using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Events;

/// <summary>Publishing from an action (in the request's transaction) and the guarded read API, over real HTTP, on both engines.</summary>
public abstract class EventHttpTests : IAsyncLifetime
{
    private AppServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync(extraConfig: await DatabaseConfigAsync(), name: $"events-{Guid.NewGuid():N}");

    public virtual async Task DisposeAsync() => await _server.DisposeAsync();

    private protected abstract Task<string> DatabaseConfigAsync();

    private async Task<JsonElement> PublishAsync(object input, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.PostAsJsonAsync("/events/publish", input);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<JsonElement> GetAsync(string path, string? token = null)
    {
        using var request = token is null ? new HttpRequestMessage(HttpMethod.Get, path) : TestSessions.WithBearer(HttpMethod.Get, path, token);
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A category page once the sequencer (PostgreSQL) has numbered <paramref name="count"/> events.</summary>
    private async Task<JsonElement> CategoryAsync(string category, int count, string query = "")
    {
        JsonElement page = default;
        await Eventually.TrueAsync(async () =>
        {
            page = await GetAsync($"/_events/categories/{category}{query}");
            return page.GetProperty("items").GetArrayLength() >= count;
        }, $"{count} event(s) in {category}");
        return page;
    }

    [Fact]
    public async Task An_action_publishes_in_its_transaction_and_the_events_are_read_back()
    {
        var first = await PublishAsync(new { stream = "open-1", type = "opened" });
        await PublishAsync(new { stream = "open-2", type = "opened" });
        await PublishAsync(new { stream = "open-1", type = "closed" });

        var all = await CategoryAsync("open", 3);
        var paged = await GetAsync("/_events/categories/open?limit=2");
        var rest = await GetAsync($"/_events/categories/open?from={paged.GetProperty("next").GetInt64()}&limit=2");
        var stream = await GetAsync("/_events/streams/open-1?from=2");
        var last = await GetAsync("/_events/streams/open-1/last");

        Assert.Equal(("open-1", 1, false), (first.GetProperty("stream").GetString(), first.GetProperty("version").GetInt64(), first.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(["open-1", "open-2", "open-1"], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("stream").GetString()));
        Assert.Equal(2, paged.GetProperty("items").GetArrayLength());
        Assert.Equal("closed", Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal("closed", Assert.Single(stream.GetProperty("items").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal(("closed", 2), (last.GetProperty("type").GetString(), last.GetProperty("version").GetInt64()));
        Assert.Equal("open-1", last.GetProperty("data").GetProperty("stream").GetString());
        Assert.Equal(32, last.GetProperty("metadata").GetProperty("correlationId").GetString()!.Length); // the request's trace id
        Assert.StartsWith("00-", last.GetProperty("metadata").GetProperty("traceparent").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_request_leaves_no_event()
    {
        await PublishAsync(new { stream = "open-9", type = "lost", rollBack = true }, HttpStatusCode.Conflict);
        await PublishAsync(new { stream = "open-8", type = "kept" });

        var page = await CategoryAsync("open", 1);

        Assert.Equal("open-8", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("stream").GetString());
        using var last = await Client.GetAsync("/_events/streams/open-9/last");
        Assert.Equal("event_stream_not_found", (await Problem.ReadAsync(last, HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task A_wrong_expected_version_is_409_and_a_repeated_id_is_a_duplicate()
    {
        var id = Guid.NewGuid();
        await PublishAsync(new { stream = "open-5", type = "created", expectedVersion = 0, id });
        var duplicate = await PublishAsync(new { stream = "open-5", type = "created", expectedVersion = 0, id });
        using var conflict = await Client.PostAsJsonAsync("/events/publish", new { stream = "open-5", type = "created", expectedVersion = 0 });

        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        var problem = await Problem.ReadAsync(conflict, HttpStatusCode.Conflict);
        Assert.Equal("event_version_conflict", problem.Code);
        Assert.Contains("version 1", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "t")]
    [InlineData("-no-category", "t")]
    [InlineData("tab\there", "t")]
    [InlineData("open-1", "bell\u0007")]
    public async Task A_bad_stream_or_type_from_the_request_is_400(string stream, string type)
    {
        using var response = await Client.PostAsJsonAsync("/events/publish", new { stream, type });

        Assert.Equal("invalid_event", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task The_read_api_applies_the_categorys_guards()
    {
        await PublishAsync(new { stream = "audit-1", type = "checked" });
        var member = await TestSessions.StartAsync(Client, $"member-{Guid.NewGuid():N}", ["member"]);
        var auditor = await TestSessions.StartAsync(Client, $"auditor-{Guid.NewGuid():N}", ["auditor"]);

        using var anonymous = await Client.GetAsync("/_events/categories/audit");
        using var forbidden = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_events/streams/audit-1", member));
        var allowed = await GetAsync("/_events/streams/audit-1", auditor);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Problem.ReadAsync(anonymous, HttpStatusCode.Unauthorized)).Status);
        Assert.Equal("role_required", (await Problem.ReadAsync(forbidden, HttpStatusCode.Forbidden)).Code);
        Assert.Single(allowed.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/_events/categories/closed")]
    [InlineData("/_events/categories/no-dash-allowed")]
    [InlineData("/_events/streams/closed-1")]
    [InlineData("/_events/streams/closed-1/last")]
    public async Task A_category_that_is_not_open_is_404(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal("event_category_not_found", (await Problem.ReadAsync(response, HttpStatusCode.NotFound)).Code);
    }

    [Theory]
    [InlineData("/_events/categories/open?from=-1", "from")]
    [InlineData("/_events/categories/open?from=abc", "from")]
    [InlineData("/_events/categories/open?from=99999999999999999999", "from")]
    [InlineData("/_events/categories/open?from=1&from=2", "from")]
    [InlineData("/_events/categories/open?limit=0", "limit")]
    [InlineData("/_events/categories/open?limit=1001", "limit")]
    [InlineData("/_events/streams/open-1?limit=x", "limit")]
    [InlineData("/_events/streams/open-1?from=1.5", "from")]
    public async Task Bad_paging_is_400_naming_the_field(string path, string field)
    {
        using var response = await Client.GetAsync(path);

        Assert.Contains(field, (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors.Keys);
    }
}

public sealed class PostgresEventHttpTests : EventHttpTests
{
    private TestDatabase _database = null!;

    private protected override async Task<string> DatabaseConfigAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return $$"""
            "database": { "url": "{{_database.Url}}" },
            "events": { "sequencerPollMs": 50 }
            """;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class SqliteEventHttpTests : EventHttpTests
{
    private protected override Task<string> DatabaseConfigAsync() => Task.FromResult("");
}
