using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The queue end to end on PostgreSQL: enqueue over HTTP, workers in the same app, effects checked in the database.</summary>
public sealed class QueueTests : IAsyncLifetime
{
    private JobsAppServer _app = null!;

    private TestDatabase Db => _app.Database!;

    public async Task InitializeAsync() => _app = await JobsAppServer.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_enqueued_job_runs_once_in_the_trace_of_the_request_that_enqueued_it()
    {
        using var response = await _app.Client.PostAsJsonAsync("/enqueue", new { key = "one" });
        var enqueued = (await response.Content.ReadFromJsonAsync<JobsAppServer.Enqueued>())!;

        await Eventually.TrueAsync(async () => await RunsAsync("one") == 1, "the job to run");

        Assert.Equal(enqueued.TraceId, await Db.ScalarAsync<string>("select trace_id from job_runs where key = 'one'"));
        Assert.Equal("job", await Db.ScalarAsync<string>("select trigger from job_runs where key = 'one'"));
        await Eventually.TrueAsync(async () => await JobRowsAsync() == 0, "the completed job to be deleted");
        await Task.Delay(500);
        Assert.Equal(1, await RunsAsync("one"));
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_backoff_until_it_succeeds()
    {
        await _app.EnqueueAsync(new { key = "flaky", failTimes = 2 });

        await Eventually.TrueAsync(async () => await RunsAsync("flaky") == 1, "the third attempt to succeed");

        Assert.Equal(3, await Db.ScalarAsync<int>("select attempt from job_runs where key = 'flaky'"));
    }

    [Fact]
    public async Task A_non_retryable_failure_is_dead_at_once_with_its_error()
    {
        var id = await _app.EnqueueAsync(new { key = "doomed", failTimes = 1, nonRetryable = true });

        await Eventually.TrueAsync(async () => await StatusAsync(id) == "dead", "the job to be dead");

        Assert.Equal(1, await Db.ScalarAsync<int>($"select attempts from bunbase_jobs where id = '{id}'"));
        Assert.Equal("not retryable: NonRetryableException: told to fail for good (attempt 1)", await Db.ScalarAsync<string>($"select last_error from bunbase_jobs where id = '{id}'"));
        Assert.Equal(0, await RunsAsync("doomed"));
    }

    [Theory]
    [InlineData("nulInError")] // PostgreSQL refuses NUL in text
    [InlineData("halfCharacterInError")] // half of an emoji has no UTF-8 form, so Npgsql cannot send it
    public async Task A_failure_whose_message_holds_what_postgresql_cannot_store_is_recorded_with_a_replacement_character(string flag)
    {
        var dead = await _app.EnqueueAsync(new Dictionary<string, object> { ["key"] = $"{flag}-dead", ["failTimes"] = 1, ["nonRetryable"] = true, [flag] = true });
        await _app.EnqueueAsync(new Dictionary<string, object> { ["key"] = $"{flag}-retried", ["failTimes"] = 1, [flag] = true });

        await Eventually.TrueAsync(async () => await StatusAsync(dead) == "dead", "the job to be dead");
        await Eventually.TrueAsync(async () => await RunsAsync($"{flag}-retried") == 1, "the retried job's second attempt to succeed");

        Assert.Equal("not retryable: NonRetryableException: told to fail for good (attempt 1) \uFFFD", await Db.ScalarAsync<string>($"select last_error from bunbase_jobs where id = '{dead}'"));
        Assert.Equal(2, await Db.ScalarAsync<int>($"select attempt from job_runs where key = '{flag}-retried'"));
    }

    [Fact]
    public async Task A_job_out_of_attempts_is_dead_with_its_last_error()
    {
        var id = await _app.EnqueueAsync(new { key = "tired", failTimes = 10, maxAttempts = 2 });

        await Eventually.TrueAsync(async () => await StatusAsync(id) == "dead", "the job to be dead");

        Assert.Equal(2, await Db.ScalarAsync<int>($"select attempts from bunbase_jobs where id = '{id}'"));
        Assert.Equal("out of attempts (2 of 2): InvalidOperationException: told to fail attempt 2", await Db.ScalarAsync<string>($"select last_error from bunbase_jobs where id = '{id}'"));
    }

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_does_not_exist()
    {
        using var rolledBack = await _app.Client.PostAsJsonAsync("/enqueue-in-transaction", new { key = "rolled-back", rollback = true });
        using var committed = await _app.Client.PostAsJsonAsync("/enqueue-in-transaction", new { key = "committed", rollback = false });

        Assert.Equal(HttpStatusCode.Conflict, rolledBack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        await Eventually.TrueAsync(async () => await RunsAsync("committed") == 1, "the committed job to run");
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from markers where key = 'rolled-back'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from bunbase_jobs where input like '%rolled-back%'"));
        Assert.Equal(0, await RunsAsync("rolled-back"));
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_makes_one_job()
    {
        var first = await _app.EnqueueAsync(new { key = "once", idempotencyKey = "order-42", delayMs = 60_000 });
        var second = await _app.EnqueueAsync(new { key = "twice", idempotencyKey = "order-42", delayMs = 60_000 });

        Assert.Equal(first, second);
        Assert.Equal(1L, await JobRowsAsync()); // not counting the cron ticks' jobs, which come and go
    }

    [Fact]
    public async Task Concurrent_enqueues_with_one_key_make_one_job()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _app.EnqueueAsync(new { key = $"race-{i}", idempotencyKey = "same", delayMs = 60_000 })));

        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await JobRowsAsync()); // not counting the cron ticks' jobs, which come and go
    }

    [Fact]
    public async Task A_delayed_job_never_runs_before_its_time()
    {
        var enqueuedAt = await Db.ScalarAsync<DateTime>("select now()");
        await _app.EnqueueAsync(new { key = "later", delayMs = 1_500 });

        await Eventually.TrueAsync(async () => await RunsAsync("later") == 1, "the delayed job to run");

        var ranAt = await Db.ScalarAsync<DateTime>("select ran_at from job_runs where key = 'later'");
        Assert.True(ranAt - enqueuedAt >= TimeSpan.FromMilliseconds(1_500), $"ran {(ranAt - enqueuedAt).TotalMilliseconds} ms after enqueue");
    }

    [Fact]
    public async Task Higher_priority_jobs_run_first()
    {
        // One worker, busy with a (long) blocker while the three are enqueued: then all are due
        // together, nothing is claimed ahead, and the order they run in is the claim order.
        await using var app = await JobsAppServer.StartAsync(queue: "\"workers\": 1, \"batchSize\": 1");
        await app.EnqueueAsync(new { key = "blocker", sleepMs = 5_000 });
        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<string>("select status from bunbase_jobs where input like '%blocker%'") == "running", "the blocker to run");
        await Task.Delay(200); // longer than the prefetch window: a busy worker means no jobs are claimed ahead (the blocker runs for 5 s, far longer than this and the enqueues)
        foreach (var (key, priority) in new[] { ("low", 0), ("high", 10), ("middle", 5) })
            await app.EnqueueAsync(new { key, priority });

        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<long>("select count(*) from job_runs where key in ('low','middle','high')") == 3, "the three jobs to run");

        Assert.Equal("high,middle,low", await app.Database!.ScalarAsync<string>("select string_agg(key, ',' order by ran_at) from job_runs where key in ('low','middle','high')"));
    }

    [Fact]
    public async Task Input_that_fails_validation_is_refused_at_enqueue_with_the_field_named()
    {
        using var response = await _app.Client.PostAsJsonAsync("/enqueue-invalid", new { });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("The input of job 'record' is not valid, so it was not enqueued: key:", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["key"], body.GetProperty("fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0L, await JobRowsAsync());
    }

    [Fact]
    public async Task A_job_for_an_action_that_no_longer_exists_goes_dead_with_the_reason()
    {
        await using var app = await JobsAppServer.StartAsync(queue: "\"unknownActionGraceMs\": 0", leaseMs: 400);
        var id = Guid.NewGuid();
        await app.Database!.ExecuteAsync($"insert into bunbase_jobs (id, queue, action, input, run_at, max_attempts) values ('{id}', 'default', 'renamed-long-ago', '{{}}', now(), 3)");

        // Housekeeping runs once a minute, first at start: a second app finds the job at its start.
        await using var second = await JobsAppServer.StartAsync(queue: "\"unknownActionGraceMs\": 0", database: app.Database, leaseMs: 400);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'") == "dead", "the job to be dead");

        Assert.StartsWith("no instance runs action 'renamed-long-ago' (renamed or removed?)", await app.Database.ScalarAsync<string>($"select last_error from bunbase_jobs where id = '{id}'"), StringComparison.Ordinal);

        // Buried by a reaper, it counts as dead like a job a worker gave up on (counted just after the row changes: waited for).
        await Eventually.TrueAsync(
            async () => (await MetricsText.ScrapeAsync(app.Client)).Value("bunbase_jobs_dead_total", ("queue", "default"), ("action", "renamed-long-ago")) >= 1,
            "the dead job to be counted");
        var metrics = await MetricsText.ScrapeAsync(app.Client);
        Assert.Equal(1, metrics.Value("bunbase_jobs_dead_total", ("queue", "default"), ("action", "renamed-long-ago")));
    }

    [Fact]
    public async Task Jobs_keep_flowing_when_the_listen_connection_is_killed()
    {
        await _app.EnqueueAsync(new { key = "before" });
        await Eventually.TrueAsync(async () => await RunsAsync("before") == 1, "the first job to run");

        var killed = await Db.TerminateBackendsAsync("% listener");
        Assert.Equal(1, killed);
        for (var i = 0; i < 20; i++)
            await _app.EnqueueAsync(new { key = $"after-{i}" });

        await Eventually.TrueAsync(async () => await Db.ScalarAsync<long>("select count(*) from job_runs where key like 'after-%'") == 20, "the jobs enqueued after the kill to run");
        await Eventually.TrueAsync(async () => await Db.ScalarAsync<long>($"select count(*) from pg_stat_activity where datname = '{Db.Name}' and application_name like '% listener'") == 1, "the listener to reconnect");
    }

    [Fact]
    public async Task A_cron_action_runs_once_per_tick()
    {
        await Eventually.TrueAsync(async () => await Db.ScalarAsync<long>("select count(distinct cron_tick) from job_runs where key = 'tick'") >= 3, "three cron ticks");

        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from (select cron_tick from job_runs where key = 'tick' group by cron_tick having count(*) > 1) duplicates"));
        Assert.Equal("cron", await Db.ScalarAsync<string>("select min(trigger) from job_runs where key = 'tick'"));
    }

    private Task<int> RunsAsync(string key) => CountAsync($"select count(*) from job_runs where key = '{key}'");

    private async Task<int> CountAsync(string sql) => (int)await Db.ScalarAsync<long>(sql);

    private Task<long> JobRowsAsync() => Db.ScalarAsync<long>("select count(*) from bunbase_jobs where action = 'record'");

    private Task<string?> StatusAsync(Guid id) => Db.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'");
}
