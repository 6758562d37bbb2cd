using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>The run log against real PostgreSQL: one row per invocation, what the row holds, and what it never holds.</summary>
public sealed class ActionRunLogTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_invocations_produce_exactly_ten_thousand_rows()
    {
        await using var app = await StartAsync();
        const int total = 10_000;
        var next = 0;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                using var response = await app.Client.GetAsync("/hello");
                if (response.StatusCode != HttpStatusCode.OK)
                    Interlocked.Increment(ref failures);
            }
        }));

        Assert.Equal(0, failures);
        await Eventually.TrueAsync(async () => await CountAsync("action = 'hello'") >= total, "10,000 rows");
        await Task.Delay(300); // a few more flush intervals: nothing more may arrive
        Assert.Equal(total, await CountAsync("action = 'hello'"));
        Assert.Equal(total, await _database.ScalarAsync<long>("select count(distinct id) from bunbase_action_runs"));
        Assert.Equal(0, app.Services.GetRequiredService<ActionRunLog>().Dropped);

        // The buffer's instruments (process-wide, so other tests' flushes may add to them).
        var metrics = await MetricsText.ScrapeAsync(app.Client);
        Assert.True(metrics.Value("bunbase_action_log_flushed_total") >= total);
        Assert.True(metrics.Value("bunbase_action_log_flush_duration_ms_count") >= 1);
        Assert.True(metrics.Declares("bunbase_action_log_buffered", "gauge"));
    }

    [Fact]
    public async Task A_password_in_the_input_never_reaches_the_table()
    {
        await using var app = await StartAsync();
        using var signedIn = await app.Client.PostAsJsonAsync("/auth/sign-in", new { email = SignIn.Email, password = SignIn.Password });
        using var refused = await app.Client.PostAsJsonAsync("/auth/sign-in", new { email = SignIn.Email, password = "wrong " + SignIn.Password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var token = (await signedIn.Content.ReadFromJsonAsync<StartSession.Output>())!.Token;

        await Eventually.TrueAsync(async () => await CountAsync("action = 'auth-sign-in'") == 2, "both sign-ins recorded");
        Assert.Equal(0, await CountAsync($"input::text like '%{SignIn.Password}%' or output::text like '%{SignIn.Password}%' or error_message like '%{SignIn.Password}%'"));
        Assert.Equal(0, await CountAsync($"input::text like '%{token[..20]}%' or output::text like '%{token[..20]}%'"));
        Assert.Equal(2, await CountAsync($"input->>'password' = '{RunPayloads.Redacted}' and input->>'email' = '{SignIn.Email}'"));
        Assert.Equal(1, await CountAsync($"output->>'token' = '{RunPayloads.Redacted}' and status = 'ok' and http_status = 200"));
        Assert.Equal(1, await CountAsync("status = 'rejected' and http_status = 401 and output is null"));
    }

    [Fact]
    public async Task A_row_holds_the_run_as_the_caller_saw_it()
    {
        await using var app = await StartAsync();
        var token = await TestSessions.StartAsync(app.Client, "user-7");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using (var request = TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))
        {
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            using var me = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        await Eventually.TrueAsync(async () => await CountAsync("action = 'auth-me'") == 1, "the run of auth-me");
        await using var connection = await _database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select trigger, status, http_status, user_id, attempt, duration_ms, started_at, span_id, error_type from bunbase_action_runs where action = 'auth-me'", connection);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("http", row.GetString(0));
        Assert.Equal("ok", row.GetString(1));
        Assert.Equal(200, row.GetInt16(2));
        Assert.Equal("user-7", row.GetString(3));
        Assert.Equal(1, row.GetInt32(4));
        Assert.InRange(row.GetDouble(5), 0, 30_000);
        Assert.InRange(row.GetFieldValue<DateTime>(6), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Matches("^[0-9a-f]{16}$", row.GetString(7));
        Assert.True(await row.IsDBNullAsync(8));
        Assert.Equal(1, await CountAsync($"action = 'auth-me' and trace_id = '{traceId}'"));
    }

    [Fact]
    public async Task Failures_refusals_and_nested_calls_each_get_a_row()
    {
        await using var app = await StartAsync();
        using (await app.Client.GetAsync("/fail/crash")) { }
        using (await app.Client.GetAsync("/call/not-found")) { }
        using (await app.Client.PostAsJsonAsync("/echo", new { name = "", count = 5000 })) { }
        using (await app.Client.GetAsync("/auth/me")) { }

        await Eventually.TrueAsync(async () => await CountAsync("true") == 5, "five runs");
        Assert.Equal(1, await CountAsync("action = 'fail' and trigger = 'http' and status = 'failed' and http_status = 500 and error_type = 'internal_error' and error_message like 'System.InvalidOperationException: secret internal detail%'"));
        Assert.Equal(1, await CountAsync("action = 'call-fail' and trigger = 'http' and status = 'rejected' and http_status = 404 and error_type = 'thing_not_found'"));
        Assert.Equal(1, await CountAsync("action = 'fail' and trigger = 'call' and status = 'rejected' and http_status is null and error_type = 'thing_not_found' and input->>'kind' = 'not-found'"));
        Assert.Equal(1, await CountAsync("action = 'echo' and status = 'rejected' and http_status = 400 and error_type = 'validation_failed'"));
        Assert.Equal(1, await CountAsync("action = 'auth-me' and status = 'rejected' and http_status = 401 and input is null"));
        var traces = await _database.ScalarAsync<long>("select count(distinct trace_id) from bunbase_action_runs where action in ('fail', 'call-fail') and error_type = 'thing_not_found'");
        Assert.Equal(1, traces); // the nested call shares its caller's trace
    }

    [Fact]
    public async Task Listing_runs_filters_by_action_status_and_trace_for_admins_only()
    {
        await using var app = await StartAsync(extra: """, "admin": { "role": "ops" }""");
        using (await app.Client.GetAsync("/hello")) { }
        using (await app.Client.GetAsync("/fail/crash")) { }
        await Eventually.TrueAsync(async () => await CountAsync("action in ('hello', 'fail')") == 2, "two runs");
        var trace = await _database.ScalarAsync<string>("select trace_id from bunbase_action_runs where action = 'fail'");
        var admin = await TestSessions.StartAsync(app.Client, "root", roles: ["ops"]);
        var user = await TestSessions.StartAsync(app.Client, "ann");

        using (var anonymous = await app.Client.GetAsync("/_admin/runs"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var forbidden = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/runs", user)))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var badStatus = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/runs?status=broken", admin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
            Assert.Contains("status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var failed = await ListAsync(app, admin, "?status=failed");
        var byTrace = await ListAsync(app, admin, $"?traceId={trace}");
        var hello = await ListAsync(app, admin, "?action=hello&limit=5");
        Assert.Equal("fail", Assert.Single(failed.Items).Action);
        Assert.Equal("fail", Assert.Single(byTrace.Items).Action);
        var run = Assert.Single(hello.Items);
        Assert.Equal("Hello, World!", run.Output?.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_run_records_the_channel_messages_it_published_the_first_twenty_and_the_count()
    {
        await using var app = await StartAsync(extra: """, "admin": { "role": "ops" }""");
        var admin = await TestSessions.StartAsync(app.Client, "root", roles: ["ops"]);
        using var one = await app.Client.PostAsJsonAsync("/realtime/publish", new { channel = "public:log", @event = "said", text = "hi" });
        using var many = await app.Client.PostAsJsonAsync("/realtime/burst", new { channel = "public:log-burst", count = 25 });
        var id = (await one.Content.ReadFromJsonAsync<PublishToChannel.Output>())!.Id;
        var ids = (await many.Content.ReadFromJsonAsync<PublishBurst.Output>())!.Ids;

        await Eventually.TrueAsync(async () => await CountAsync("action in ('realtime-publish', 'realtime-burst')") == 2, "both runs");
        var single = Assert.Single((await ListAsync(app, admin, "?action=realtime-publish")).Items).Published!.Value;
        var burst = Assert.Single((await ListAsync(app, admin, "?action=realtime-burst")).Items).Published!.Value;
        var hello = await app.Client.GetAsync("/hello");
        await Eventually.TrueAsync(async () => await CountAsync("action = 'hello'") == 1, "the run of hello");

        Assert.Equal(1, single.GetProperty("count").GetInt32());
        var message = Assert.Single(single.GetProperty("messages").EnumerateArray());
        Assert.Equal(("public:log", "said", id), (message.GetProperty("channel").GetString(), message.GetProperty("event").GetString(), message.GetProperty("id").GetInt64()));
        Assert.Equal(25, burst.GetProperty("count").GetInt32());
        var kept = burst.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(20, kept.Count);
        Assert.Subset(ids.ToHashSet(), kept.ToHashSet());
        Assert.Equal(1, await CountAsync("action = 'hello' and published is null"));
        Assert.Equal(2, await CountAsync("published is not null and jsonb_typeof(published) = 'object'"));
    }

    [Fact]
    public async Task A_run_log_table_from_before_the_published_column_gains_it_and_keeps_its_rows()
    {
        // The table as the first release made it, with a row as it wrote them: a UUIDv7 id of now. (A random id would
        // read as a random time to the retention, which deletes by id, and as an old one in about 1 run in 150.)
        await _database.ExecuteAsync($"""
            create table bunbase_action_runs (id uuid primary key, action text not null, trigger text not null, status text not null,
              http_status smallint, duration_ms double precision not null, trace_id text not null, span_id text, user_id text,
              attempt integer not null, started_at timestamptz not null, error_type text, error_message text, input jsonb, output jsonb);
            insert into bunbase_action_runs (id, action, trigger, status, duration_ms, trace_id, attempt, started_at)
              values ('{Guid.CreateVersion7()}', 'old', 'http', 'ok', 1, 't', 1, now());
            """);

        await using var app = await StartAsync();
        using (await app.Client.PostAsJsonAsync("/realtime/publish", new { channel = "public:old", @event = "said", text = "hi" })) { }

        await Eventually.TrueAsync(async () => await CountAsync("action = 'realtime-publish' and published is not null") == 1, "the new run, with what it published");
        Assert.Equal(1, await CountAsync("action = 'old' and published is null"));
    }

    [Fact]
    public async Task A_nul_character_that_postgresql_cannot_store_is_replaced_not_lost()
    {
        // Bound input cannot hold a NUL (refused with a 400); text a handler makes can.
        await using var app = await StartAsync();
        using var response = await app.Client.PostAsJsonAsync("/texts/decode", new { base64 = Convert.ToBase64String("a\0b"u8.ToArray()) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(async () => await CountAsync("action = 'decode-text'") == 1, "the run of decode-text");
        Assert.Equal(1, await CountAsync("output->>'text' = 'a' || chr(65533) || 'b'"));
    }

    [Fact]
    public async Task An_error_message_cut_at_its_cap_inside_an_emoji_is_stored_and_the_log_goes_on()
    {
        // The message quotes the path: "Unknown kind: unknown-", 1,977 letters, then an emoji whose two UTF-16 halves sit
        // either side of the 2,000-character cap. Cutting between them left half a character, which UTF-8 cannot encode.
        await using var app = await StartAsync();
        var kind = "unknown-" + new string('a', 1_977) + "\U0001F600";
        using (var response = await app.Client.GetAsync("/fail/" + Uri.EscapeDataString(kind)))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (await app.Client.GetAsync("/hello")) { }

        await Eventually.TrueAsync(async () => await CountAsync("action = 'hello'") == 1, "the run after it");
        var message = await _database.ScalarAsync<string>("select error_message from bunbase_action_runs where action = 'fail'");
        Assert.Equal("Unknown kind: unknown-" + new string('a', 1_977), message);
        Assert.Equal(0, app.Services.GetRequiredService<ActionRunLog>().Dropped);
    }

    [Fact]
    public async Task An_output_that_throws_when_serialized_is_recorded_as_such_and_the_log_goes_on()
    {
        await using var app = await StartAsync();
        using (var response = await app.Client.GetAsync("/unserializable-output"))
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using (await app.Client.GetAsync("/hello")) { }

        await Eventually.TrueAsync(async () => await CountAsync("action = 'hello'") == 1, "the run after it");
        Assert.Equal(1, await CountAsync("action = 'unserializable-output' and output->>'unserializable' = 'Output' and output->>'error' like '%divide by zero%'"));
        Assert.Equal(0, app.Services.GetRequiredService<ActionRunLog>().Dropped);
    }

    [Fact]
    public async Task A_row_the_database_refuses_is_dropped_and_counted_alone_and_the_rest_of_its_batch_is_written()
    {
        await using var app = await StartAsync(persistence: """ "flushIntervalMs": 200 """);
        await _database.ExecuteAsync("alter table bunbase_action_runs add constraint refuse_fail check (action <> 'fail')");
        var log = app.Services.GetRequiredService<ActionRunLog>();

        using (await app.Client.GetAsync("/hello")) { }
        using (await app.Client.GetAsync("/fail/crash")) { }
        using (await app.Client.GetAsync("/hello")) { }
        await Eventually.TrueAsync(async () => await CountAsync("true") == 2 && log.Dropped == 1, "the two hello runs written and the refused one dropped");

        // The log goes on: a later batch is written at once.
        using (await app.Client.GetAsync("/hello")) { }
        await Eventually.TrueAsync(async () => await CountAsync("action = 'hello'") == 3, "a later run");
        Assert.Equal(1, log.Dropped);
    }

    [Fact]
    public async Task With_persistence_disabled_nothing_is_recorded()
    {
        await using var app = await StartAsync(persistence: """ "enabled": false """);
        using (await app.Client.GetAsync("/hello")) { }
        await Task.Delay(300);

        Assert.Null(await _database.ScalarAsync<string>("select to_regclass('bunbase_action_runs')::text"));
    }

    private Task<AppServer> StartAsync(string persistence = """ "flushIntervalMs": 50 """, string extra = "") =>
        AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false },
            "persistence": { {{persistence}} }{{extra}}
            """);

    private Task<long> CountAsync(string where) =>
        _database.ScalarAsync<long>($"select count(*) from bunbase_action_runs where {where}");

    private static async Task<RunList> ListAsync(AppServer app, string token, string query)
    {
        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/runs" + query, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunList>())!;
    }

    private sealed record RunList(List<RunItem> Items);

    private sealed record RunItem(string Action, string Status, string TraceId, System.Text.Json.JsonElement? Output, System.Text.Json.JsonElement? Published = null);
}

/// <summary>The run log on the embedded backend: the same rows, in the SQLite file.</summary>
public sealed class EmbeddedRunLogTests
{
    [Fact]
    public async Task Every_invocation_is_a_row_in_the_embedded_file()
    {
        await using var app = await AppServer.StartAsync(extraConfig: """ "persistence": { "flushIntervalMs": 50 } """);
        var store = app.Services.GetRequiredService<IActionRunStore>();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await app.Client.GetAsync(i % 3 == 0 ? "/fail/crash" : "/hello");
        }));

        await Eventually.TrueAsync(async () => (await store.ListAsync(new RunFilter(null, null, null, 1_000), CancellationToken.None)).Count == 300, "300 rows");
        Assert.Equal(100, (await store.ListAsync(new RunFilter("fail", "failed", null, 1_000), CancellationToken.None)).Count);
        Assert.IsType<SqliteActionRunStore>(store);
    }

    [Fact]
    public async Task A_run_records_its_channel_messages_in_the_embedded_file_and_an_older_file_gains_the_column()
    {
        await using var app = await AppServer.StartAsync(
            extraConfig: """ "persistence": { "flushIntervalMs": 50 } """,
            host: options => CreateFirstReleaseTable(Path.Combine(Path.GetDirectoryName(options.ConfigPath)!, ".bunbase", "data.db")));
        var store = app.Services.GetRequiredService<IActionRunStore>();
        using var response = await app.Client.PostAsJsonAsync("/realtime/publish", new { channel = "public:file", @event = "said", text = "hi" });
        var id = (await response.Content.ReadFromJsonAsync<PublishToChannel.Output>())!.Id;

        await Eventually.TrueAsync(async () => (await store.ListAsync(new RunFilter("realtime-publish", null, null, 10), CancellationToken.None)).Count == 1, "the run");
        var run = RunView.Of(Assert.Single(await store.ListAsync(new RunFilter("realtime-publish", null, null, 10), CancellationToken.None)));
        Assert.Equal(id, Assert.Single(run.Published!.Value.GetProperty("messages").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Single(await store.ListAsync(new RunFilter("old", null, null, 10), CancellationToken.None));
    }

    /// <summary>The run log's table as the first release made it, with one row.</summary>
    private static void CreateFirstReleaseTable(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        var now = DateTimeOffset.UtcNow;   // recent: retention would delete an old row at start
        create.CommandText = $"""
            create table bunbase_action_runs (id text primary key, action text not null, trigger text not null, status text not null,
              http_status integer, duration_ms real not null, trace_id text not null, span_id text, user_id text, attempt integer not null,
              started_at text not null, error_type text, error_message text, input text, output text);
            insert into bunbase_action_runs (id, action, trigger, status, duration_ms, trace_id, attempt, started_at)
              values ('{Guid.CreateVersion7(now)}', 'old', 'http', 'ok', 1, 't', 1, '{now:O}');
            """;
        create.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_requested_flush_writes_what_waits_without_waiting_for_the_flush_interval()
    {
        await using var app = await AppServer.StartAsync(extraConfig: """ "persistence": { "flushIntervalMs": 600000 } """);
        var log = app.Services.GetRequiredService<ActionRunLog>();
        var store = app.Services.GetRequiredService<IActionRunStore>();
        using (var response = await app.Client.GetAsync("/hello"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(log.Added == 1), "the run recorded");

        log.RequestFlush();

        await Eventually.TrueAsync(() => Task.FromResult(log.Settled == 1), "the run written");
        Assert.Single(await store.ListAsync(new RunFilter("hello", null, null, 10), CancellationToken.None));
    }
}
