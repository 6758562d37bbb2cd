using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>The run log's indexes on an existing log: built after start, concurrently, never holding up the log's inserts.</summary>
public sealed class ActionRunIndexesTests : IAsyncLifetime
{
    private const string CountValid = """
        select count(*) from pg_index
        where indexrelid in (to_regclass('bunbase_action_runs_action'), to_regclass('bunbase_action_runs_not_ok'), to_regclass('bunbase_action_runs_not_http'), to_regclass('bunbase_action_runs_trace_hash')) and indisvalid
        """;

    private const string TraceBtree = "select count(*) from pg_indexes where indexname = 'bunbase_action_runs_trace'";

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task On_a_populated_log_the_indexes_are_built_after_start_while_inserts_proceed()
    {
        await CreateUnindexedLogAsync(200_000);

        // An open transaction that has written to the log: a plain index build waits for it, and queues every insert behind it.
        await using var writer = await _database.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await ExecuteAsync(writer, InsertRows(1), transaction);

        var starting = StartAsync();
        var committed = false;
        try
        {
            await using var app = await starting.WaitAsync(TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>("select count(*) from pg_index where indexrelid = to_regclass('bunbase_action_runs_action') and not indisvalid") == 1,
                "the concurrent build under way",
                seconds: 60);

            // Another connection's inserts and the app's own flushes complete while the build waits.
            await using (var other = await _database.OpenAsync())
            {
                for (var i = 0; i < 20; i++)
                    await ExecuteAsync(other, InsertRows(10));
            }

            using (var response = await app.Client.GetAsync("/hello"))
                response.EnsureSuccessStatusCode();
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'hello'") == 1, "the app's run written", seconds: 60);
            Assert.Equal(0, await _database.ScalarAsync<long>(CountValid));

            await transaction.CommitAsync();
            committed = true;
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(CountValid) == 4, "four valid indexes", seconds: 120);
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(TraceBtree) == 0, "the earlier release's trace btree dropped", seconds: 60);
        }
        finally
        {
            if (!committed)
                await transaction.RollbackAsync();
            if (!starting.IsCompletedSuccessfully)
                await (await starting.WaitAsync(TimeSpan.FromSeconds(120))).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_invalid_index_left_by_an_interrupted_build_is_replaced_by_a_valid_one()
    {
        await CreateUnindexedLogAsync(1_000);
        // A concurrent build that failed half-way (here: duplicates under a unique index) leaves its index, invalid.
        await using (var connection = await _database.OpenAsync())
            await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "create unique index concurrently bunbase_action_runs_action on bunbase_action_runs (action)"));
        Assert.False(await _database.ScalarAsync<bool>("select indisvalid from pg_index where indexrelid = to_regclass('bunbase_action_runs_action')"));

        await using var app = await StartAsync();

        await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(CountValid) == 4, "four valid indexes", seconds: 120);
        Assert.Equal(
            "CREATE INDEX bunbase_action_runs_action ON public.bunbase_action_runs USING btree (action, id)",
            await _database.ScalarAsync<string>("select indexdef from pg_indexes where indexname = 'bunbase_action_runs_action'"));
    }

    [Fact]
    public async Task Two_apps_starting_on_one_log_both_come_up_and_the_indexes_end_valid()
    {
        await CreateUnindexedLogAsync(50_000);

        var apps = await Task.WhenAll(StartAsync(), StartAsync());
        try
        {
            foreach (var app in apps)
            {
                using var response = await app.Client.GetAsync("/hello");
                response.EnsureSuccessStatusCode();
            }

            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(CountValid) == 4, "four valid indexes", seconds: 120);
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'hello'") == 2, "both apps' runs written", seconds: 60);
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<long>(TraceBtree) == 0, "the earlier release's trace btree dropped", seconds: 60);
            Assert.Equal(4, await _database.ScalarAsync<long>("select count(*) from pg_indexes where indexname like 'bunbase_action_runs_%' and indexname <> 'bunbase_action_runs_pkey'"));
        }
        finally
        {
            foreach (var app in apps)
                await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_new_log_has_its_indexes_from_the_start()
    {
        await using var app = await StartAsync();

        Assert.Equal(4, await _database.ScalarAsync<long>(CountValid));
        Assert.Equal(0, await _database.ScalarAsync<long>(TraceBtree));
        Assert.Equal(
            "CREATE INDEX bunbase_action_runs_trace_hash ON public.bunbase_action_runs USING hash (trace_id)",
            await _database.ScalarAsync<string>("select indexdef from pg_indexes where indexname = 'bunbase_action_runs_trace_hash'"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Following_one_trace_through_a_large_log_reads_the_trace_index(bool window, bool nextPage)
    {
        await using var app = await StartAsync();
        await _database.ExecuteAsync(InsertRows(50_000));
        await _database.ExecuteAsync("analyze bunbase_action_runs");

        // The statement the Studio and `bunbase runs --trace` send, with its parameters.
        var filter = new RunFilter(null, null, Convert.ToHexStringLower(new byte[16]), 50)
        {
            From = window ? DateTimeOffset.UtcNow.AddHours(-1) : null,
            Until = window ? DateTimeOffset.UtcNow.AddHours(1) : null,
            Before = nextPage ? Guid.CreateVersion7() : null,
        };
        var (sql, parameters) = ActionRunSchema.ListStatement(DatabaseBackend.PostgreSql, filter);
        await using var connection = await _database.OpenAsync();
        var plan = await connection.ExecuteScalarAsync<string>("explain (format json) " + sql, parameters);

        // Within a window of two hours the primary key's range may serve as well; never the whole table.
        if (!window)
            Assert.Contains("\"Index Name\": \"bunbase_action_runs_trace_hash\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    /// <summary>A log as an earlier release left it: the table and its trace index (a btree), none of the others.</summary>
    private async Task CreateUnindexedLogAsync(int rows)
    {
        await _database.ExecuteAsync(ActionRunSchema.PostgreSql);
        foreach (var (name, _) in ActionRunIndexes.All)
            await _database.ExecuteAsync($"drop index {name}");
        await _database.ExecuteAsync("create index bunbase_action_runs_trace on bunbase_action_runs (trace_id)");
        await _database.ExecuteAsync(InsertRows(rows));
    }

    /// <summary>Runs spread over the last week, with UUIDv7 ids as the runtime makes them (the time in the top 48 bits).</summary>
    private static string InsertRows(int rows) => $"""
        insert into bunbase_action_runs (id, action, trigger, status, duration_ms, trace_id, attempt, started_at)
        select (lpad(to_hex((extract(epoch from t) * 1000)::bigint), 12, '0') || '7' || substr(r, 1, 3) || '8' || substr(r, 4, 15))::uuid,
               'action-' || (g % 50), case when g % 10 = 0 then 'job' else 'http' end,
               case when g % 20 = 0 then 'failed' else 'ok' end, 1.5, md5(g::text), 1, t
        from generate_series(1, {rows}) g, lateral (select clock_timestamp() - (g % 10080) * interval '1 minute' as t, md5(random()::text) as r) made
        """;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private Task<AppServer> StartAsync() =>
        AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 50 }
            """);
}
