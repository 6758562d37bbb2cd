using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>The run log's store contract, on PostgreSQL and on the embedded SQLite file.</summary>
public abstract class ActionRunStoreContractTests : IAsyncLifetime
{
    private protected Database Database { get; private set; } = null!;

    private protected IActionRunStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Store = CreateStore(Database);
        await Store.EnsureSchemaAsync(CancellationToken.None);
        await Store.EnsureSchemaAsync(CancellationToken.None); // idempotent
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Database.DisposeAsync();
    }

    private protected abstract Task<Database> CreateDatabaseAsync();

    private protected abstract IActionRunStore CreateStore(Database database);

    private protected static StoredRun Run(string action = "work", string status = "ok", string traceId = "t1", DateTimeOffset? startedAt = null)
    {
        var at = startedAt ?? DateTimeOffset.UtcNow;
        return new StoredRun
        {
            Id = Guid.CreateVersion7(at),
            Action = action,
            Trigger = "http",
            Status = status,
            HttpStatus = status == "ok" ? 200 : 500,
            DurationMs = 1.5,
            TraceId = traceId,
            SpanId = "00f067aa0ba902b7",
            UserId = "ann",
            Attempt = 1,
            StartedAt = at,
            ErrorType = status == "ok" ? null : "internal_error",
            ErrorMessage = status == "ok" ? null : "boom",
            Input = """{"a":1}""",
            Output = status == "ok" ? """{"b":"ü"}""" : null,
        };
    }

    private Task<IReadOnlyList<StoredRun>> ListAsync(string? action = null, string? status = null, string? traceId = null, int limit = 100) =>
        Store.ListAsync(new RunFilter(action, status, traceId, limit), CancellationToken.None);

    [Fact]
    public async Task A_batch_is_written_whole_and_listed_newest_first_with_every_field()
    {
        var batch = new[] { Run(startedAt: DateTimeOffset.UtcNow.AddSeconds(-2)), Run(status: "failed", traceId: "t2", startedAt: DateTimeOffset.UtcNow.AddSeconds(-1)), Run(action: "other") };

        await Store.WriteAsync(batch, mayExist: false, CancellationToken.None);

        var listed = await ListAsync();
        Assert.Equal(batch.Reverse().Select(r => r.Id), listed.Select(r => r.Id));
        var failed = listed[1];
        Assert.Equal(("work", "http", "failed", 500, "t2", "00f067aa0ba902b7", "ann", 1, "internal_error", "boom"), (failed.Action, failed.Trigger, failed.Status, failed.HttpStatus, failed.TraceId, failed.SpanId, failed.UserId, failed.Attempt, failed.ErrorType, failed.ErrorMessage));
        Assert.Equal(1.5, failed.DurationMs);
        Assert.Equal(batch[1].StartedAt.ToUnixTimeMilliseconds(), failed.StartedAt.ToUnixTimeMilliseconds());
        Assert.Equal("""{"a": 1}""".Replace(" ", "", StringComparison.Ordinal), listed[0].Input!.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("ü", listed[0].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_many_chunks_with_a_value_larger_than_a_chunk_keeps_every_value_exact()
    {
        // 2,000 rows of about 1 KB and one input of 300 KB: PostgreSQL's COPY is sent in 64 KB chunks.
        var at = new DateTimeOffset(2026, 12, 7, 11, 22, 33, TimeSpan.Zero).AddTicks(1_234_567);
        var big = $$"""{"text":"{{new string('x', 300_000)}}"}""";
        var rows = Enumerable.Range(0, 2_000).Select(i => new StoredRun
        {
            Id = Guid.CreateVersion7(at.AddMilliseconds(i)),
            Action = "wörk-😀",
            Trigger = "job",
            Status = "failed",
            HttpStatus = null,
            DurationMs = 0.1 + i,
            TraceId = $"trace-{i}",
            SpanId = null,
            UserId = "ünïcode-user",
            Attempt = i,
            StartedAt = at.AddMilliseconds(i),
            ErrorType = "internal_error",
            ErrorMessage = new string('é', 500),
            Input = i == 1_000 ? big : """{"n":1}""",
            Output = null,
            Published = """{"count":0,"messages":[]}""",
        }).ToArray();

        await Store.WriteAsync(rows, mayExist: false, CancellationToken.None);

        var listed = await ListAsync(limit: 2_000);
        Assert.Equal(rows.Reverse().Select(r => r.Id), listed.Select(r => r.Id));
        var middle = listed.Single(r => r.Id == rows[1_000].Id);
        Assert.Equal(("wörk-😀", "job", "failed", (int?)null, "trace-1000", (string?)null, "ünïcode-user", 1_000, "internal_error", new string('é', 500)),
            (middle.Action, middle.Trigger, middle.Status, middle.HttpStatus, middle.TraceId, middle.SpanId, middle.UserId, middle.Attempt, middle.ErrorType, middle.ErrorMessage));
        Assert.Equal(1_000.1, middle.DurationMs);
        Assert.Equal(at.AddMilliseconds(1_000).UtcTicks / 10, middle.StartedAt.UtcTicks / 10); // to the microsecond
        Assert.Equal(big.Length, middle.Input!.Replace(" ", "", StringComparison.Ordinal).Length);
        Assert.Null(middle.Output);
        Assert.Contains("\"messages\"", middle.Published, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_with_half_a_character_is_stored_with_a_replacement_character_not_refused()
    {
        // Half of a UTF-16 surrogate pair has no UTF-8 form: a handler's string cut in the middle of an emoji.
        var run = Run(status: "failed");
        var cut = new StoredRun
        {
            Id = run.Id, Action = run.Action, Trigger = run.Trigger, Status = run.Status, HttpStatus = run.HttpStatus, DurationMs = run.DurationMs,
            TraceId = run.TraceId, SpanId = run.SpanId, Attempt = run.Attempt, StartedAt = run.StartedAt, ErrorType = run.ErrorType,
            UserId = "ann\uD83D", ErrorMessage = "\uDE00 too long: \uD83D",
        };

        await Store.WriteAsync([Run(), cut, Run()], mayExist: false, CancellationToken.None);

        var listed = await ListAsync();
        Assert.Equal(3, listed.Count);
        var stored = Assert.Single(listed, r => r.Id == cut.Id);
        Assert.Equal(("ann\uFFFD", "\uFFFD too long: \uFFFD"), (stored.UserId, stored.ErrorMessage));
    }

    [Fact]
    public async Task Listing_filters_by_action_status_and_trace_and_honours_the_limit()
    {
        await Store.WriteAsync([Run(), Run(), Run(action: "other", traceId: "t9"), Run(status: "failed")], mayExist: false, CancellationToken.None);

        Assert.Equal(3, (await ListAsync(action: "work")).Count);
        Assert.Single(await ListAsync(status: "failed"));
        Assert.Equal("other", Assert.Single(await ListAsync(traceId: "t9")).Action);
        Assert.Equal(2, (await ListAsync(limit: 2)).Count);
        Assert.Empty(await ListAsync(action: "work' or '1'='1"));
    }

    [Fact]
    public async Task A_trace_is_followed_across_days_of_runs_and_within_the_listings_bounds()
    {
        // The trace's runs lie days apart, the first at the log's very first run and the last at its very last, with other
        // traces' runs between.
        var now = DateTimeOffset.UtcNow;
        var trace = new[] { Run(traceId: "tx", startedAt: now.AddDays(-3)), Run(traceId: "tx", startedAt: now.AddMinutes(-40)), Run(traceId: "tx", startedAt: now.AddMinutes(-1)), Run(traceId: "tx", startedAt: now) };
        var others = Enumerable.Range(1, 200).Select(i => Run(traceId: $"other-{i}", startedAt: now.AddDays(-3).AddMinutes(i * 21))).ToArray();
        await Store.WriteAsync([.. trace, .. others], mayExist: false, CancellationToken.None);

        Task<IReadOnlyList<StoredRun>> Trace(string traceId, DateTimeOffset? from = null, DateTimeOffset? until = null, Guid? before = null) =>
            Store.ListAsync(new RunFilter(null, null, traceId, 100) { From = from, Until = until, Before = before }, CancellationToken.None);

        Assert.Equal(trace.Reverse().Select(r => r.Id), (await Trace("tx")).Select(r => r.Id));
        Assert.Equal(trace[1..].Reverse().Select(r => r.Id), (await Trace("tx", from: now.AddHours(-1))).Select(r => r.Id));
        Assert.Equal(trace[..2].Reverse().Select(r => r.Id), (await Trace("tx", until: now.AddMinutes(-30))).Select(r => r.Id));
        Assert.Equal([trace[1].Id], (await Trace("tx", from: now.AddHours(-1), until: now.AddMinutes(-30))).Select(r => r.Id));
        Assert.Equal(trace[..2].Reverse().Select(r => r.Id), (await Trace("tx", before: trace[2].Id)).Select(r => r.Id));
        Assert.Equal(others[100].Id, Assert.Single(await Trace("other-101")).Id);
        Assert.Empty(await Trace("tx", from: now.AddMinutes(-30), until: now.AddMinutes(-20)));
        Assert.Empty(await Trace("absent"));
        Assert.Empty(await Trace("tx' or '1'='1"));
    }

    [Fact]
    public async Task A_retried_batch_that_had_already_committed_is_not_written_twice()
    {
        var batch = new[] { Run(), Run(), Run() };
        await Store.WriteAsync(batch, mayExist: false, CancellationToken.None);

        // The flusher's retry after a failure whose commit it could not see.
        await Store.WriteAsync([.. batch, Run(action: "late")], mayExist: true, CancellationToken.None);

        var listed = await ListAsync();
        Assert.Equal(4, listed.Count);
        Assert.Equal(4, listed.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Retention_deletes_only_runs_started_before_the_cutoff_a_batch_at_a_time()
    {
        var now = DateTimeOffset.UtcNow;
        var old = Enumerable.Range(0, 5).Select(i => Run(startedAt: now.AddDays(-10).AddMinutes(i))).ToArray();
        var recent = new[] { Run(startedAt: now.AddDays(-1)), Run(startedAt: now) };
        await Store.WriteAsync([.. old, .. recent], mayExist: false, CancellationToken.None);

        var first = await Store.DeleteStartedBeforeAsync(now.AddDays(-7), batchSize: 3, CancellationToken.None);
        var second = await Store.DeleteStartedBeforeAsync(now.AddDays(-7), batchSize: 3, CancellationToken.None);
        var third = await Store.DeleteStartedBeforeAsync(now.AddDays(-7), batchSize: 3, CancellationToken.None);

        Assert.Equal((3, 2, 0), (first, second, third));
        Assert.Equal(recent.Select(r => r.Id).Reverse(), (await ListAsync()).Select(r => r.Id));
    }
}

public sealed class PostgresActionRunStoreTests : ActionRunStoreContractTests
{
    private TestDatabase _testDatabase = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        return DatabaseFactory.Create(Options(), Path.GetTempPath(), NullLoggerFactory.Instance);
    }

    private protected override IActionRunStore CreateStore(Database database) =>
        new PostgresActionRunStore(database, DatabaseFactory.CreateDedicatedPrimary(Options(), 2, NullLoggerFactory.Instance));

    [Fact]
    public async Task A_plain_copy_of_rows_already_there_fails_whole_and_changes_nothing()
    {
        var batch = new[] { Run(), Run() };
        await Store.WriteAsync(batch, mayExist: false, CancellationToken.None);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Store.WriteAsync([Run(action: "new"), batch[0]], mayExist: false, CancellationToken.None));

        Assert.Equal(2, (await Store.ListAsync(new RunFilter(null, null, null, 100), CancellationToken.None)).Count);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }

    private BunbaseOptions Options() => new() { Name = "runs", Database = { Url = _testDatabase.Url, Multiplexing = true } };
}

public sealed class SqliteActionRunStoreTests : ActionRunStoreContractTests
{
    private EmbeddedDatabase _embedded = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _embedded = await EmbeddedDatabase.CreateAsync();
        return _embedded.Database;
    }

    private protected override IActionRunStore CreateStore(Database database) => new SqliteActionRunStore(database);

    public override async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await _embedded.DisposeAsync();
    }
}
