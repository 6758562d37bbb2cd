using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Queue;
using Npgsql;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>
/// Head-of-line blocking: with multiplexing, once every pooled connection carries a statement, a new
/// statement is queued on one of them, behind whatever runs there. Jobs' long statements must not be
/// what a request's statement waits behind.
/// </summary>
public sealed class JobStatementIsolationTests
{
    [Fact]
    public async Task A_request_s_statement_runs_while_jobs_statements_wait_on_every_connection_of_the_pool()
    {
        const int PoolSize = 2;
        var lockKey = Random.Shared.NextInt64(1, long.MaxValue);
        await using var app = await JobsAppServer.StartAsync(databaseOptions: $"\"maxPoolSize\": {PoolSize}", queue: "\"workers\": 4");
        var database = app.Database!;
        await using var holder = await database.OpenAsync();
        await ExecuteAsync(holder, $"select pg_advisory_lock({lockKey})");

        // More jobs than connections: every connection jobs' statements can use ends up waiting on the lock.
        using (var enqueued = await app.Client.PostAsJsonAsync("/enqueue-holds", new { count = 4, lockKey }))
            enqueued.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await WaitingJobsAsync(database) == PoolSize, $"{PoolSize} connections to wait on the lock with a job's statement");

        // The jobs' statements cannot finish while the test holds the lock: a request that gets its
        // answer now was not queued behind them.
        var ping = app.Client.GetAsync("/db-ping");
        var answered = await Task.WhenAny(ping, Task.Delay(TimeSpan.FromSeconds(20))) == ping;
        var stillWaiting = await WaitingJobsAsync(database);
        await ExecuteAsync(holder, $"select pg_advisory_unlock({lockKey})");

        Assert.True(answered, "the request's statement waited behind the jobs' statements");
        using var response = await ping;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PoolSize, stillWaiting);
        await Eventually.TrueAsync(async () => await database.ScalarAsync<long>("select count(*) from bunbase_jobs where action = 'hold'") == 0, "the jobs to finish once the lock is released", seconds: 60);
    }

    private static Task<long> WaitingJobsAsync(TestDatabase database) =>
        database.ScalarAsync<long>($"select count(*) from pg_stat_activity where datname = '{database.Name}' and wait_event_type = 'Lock' and query like '%/* hold */%'");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
