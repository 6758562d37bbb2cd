using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Tests.Infrastructure;
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

    [Fact]
    public async Task Following_one_trace_through_a_large_log_reads_the_trace_index()
    {
        await using var app = await StartAsync();
        await _database.ExecuteAsync(InsertRows(50_000));
        await _database.ExecuteAsync("analyze bunbase_action_runs");

        // The statement the Studio and `bunbase runs --trace` send, as ActionRunSchema.ListAsync builds it.
        var plan = await _database.ScalarAsync<string>(
            $"explain (format json) select id from bunbase_action_runs where trace_id = '{Convert.ToHexStringLower(new byte[16])}' order by id desc limit 50");

        Assert.Contains("\"Index Name\": \"bunbase_action_runs_trace_hash\"", plan, StringComparison.Ordinal);
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

    private static string InsertRows(int rows) => $"""
        insert into bunbase_action_runs (id, action, trigger, status, duration_ms, trace_id, attempt, started_at)
        select gen_random_uuid(), 'action-' || (g % 50), case when g % 10 = 0 then 'job' else 'http' end,
               case when g % 20 = 0 then 'failed' else 'ok' end, 1.5, md5(g::text), 1, now()
        from generate_series(1, {rows}) g
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
