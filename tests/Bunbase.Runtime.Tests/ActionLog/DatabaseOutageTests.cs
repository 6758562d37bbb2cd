using System.Diagnostics;
using System.Net;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>The run log while its PostgreSQL server is stopped for 10 s under load (a server of the test's own).</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Requests_keep_succeeding_rows_arrive_after_the_server_returns_and_drops_are_counted_exactly()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{postgres.Url}}", "connectTimeoutMs": 1000 },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 100, "maxBufferSize": 200, "bufferCapacity": 500 }
            """);
        var log = app.Services.GetRequiredService<ActionRunLog>();

        long sent = 0, failed = 0;
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // bound, whatever happens
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                using var response = await app.Client.GetAsync("/hello", CancellationToken.None);
                Interlocked.Increment(ref sent);
                if (response.StatusCode != HttpStatusCode.OK)
                    Interlocked.Increment(ref failed);
                await Task.Delay(1, CancellationToken.None);
            }
        }));

        await Task.Delay(1_000);
        await postgres.StopServerAsync();
        var stoppedFor = Stopwatch.StartNew();
        var sentWhenStopped = Interlocked.Read(ref sent);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var sentDuringOutage = Interlocked.Read(ref sent) - sentWhenStopped;
        await postgres.StartServerAsync();
        await Task.Delay(1_000);
        await stopLoad.CancelAsync();
        await load;

        Assert.Equal(0, failed);
        Assert.True(stoppedFor.Elapsed >= TimeSpan.FromSeconds(10));
        // A buffer small enough that even a busy machine's 10 s of load overflows it (50 requests/s).
        Assert.True(sentDuringOutage > 500, $"only {sentDuringOutage} requests during the outage: the buffer bound was never reached");
        var dropped = log.Dropped;
        Assert.True(dropped > 0);
        await Eventually.TrueAsync(async () => await RowsAsync(postgres) + dropped == sent, "every record not dropped to be written", seconds: 60);
        await Task.Delay(300);
        Assert.Equal(sent - dropped, await RowsAsync(postgres));
        Assert.Equal(dropped, log.Dropped);
        Assert.True(await RowsAsync(postgres) >= 500, "the buffer's records from the outage arrived");
    }

    [Fact]
    public async Task Shutdown_with_the_database_down_gives_up_at_the_shutdown_timeout_and_counts_what_it_lost()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var app = await AppServer.StartAsync(extraConfig: $$"""
            "shutdownTimeoutMs": 2000,
            "database": { "url": "{{postgres.Url}}", "connectTimeoutMs": 500 },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 100 }
            """);
        var log = app.Services.GetRequiredService<ActionRunLog>();
        await postgres.StopServerAsync();
        for (var i = 0; i < 50; i++)
        {
            using var response = await app.Client.GetAsync("/hello");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var stopping = Stopwatch.StartNew();
        await app.DisposeAsync();

        // Bounded by shutdownTimeoutMs (2 s), with room for a busy machine; never a hang.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"shutdown took {stopping.Elapsed}");
        Assert.Equal(50, log.Dropped);
    }

    private static async Task<long> RowsAsync(PrivatePostgres postgres)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(postgres.Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from bunbase_action_runs", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
