using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The queue on the embedded SQLite file: enqueue, retries, transactions and cron, in one process.</summary>
public sealed class EmbeddedQueueTests : IAsyncLifetime
{
    private JobsAppServer _app = null!;

    public async Task InitializeAsync() => _app = await JobsAppServer.StartAsync(postgres: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Jobs_run_and_failed_attempts_are_retried()
    {
        await _app.EnqueueAsync(new { key = "plain" });
        await _app.EnqueueAsync(new { key = "flaky", failTimes = 2 });

        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from job_runs where key in ('plain', 'flaky')") == 2, "both jobs to run");

        Assert.Equal(3L, await CountAsync("select attempt from job_runs where key = 'flaky'"));
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from bunbase_jobs where action = 'record'") == 0, "the completed jobs to be deleted");
    }

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_does_not_exist()
    {
        using var rolledBack = await _app.Client.PostAsJsonAsync("/enqueue-in-transaction", new { key = "gone", rollback = true });
        using var committed = await _app.Client.PostAsJsonAsync("/enqueue-in-transaction", new { key = "kept", rollback = false });

        Assert.Equal(HttpStatusCode.Conflict, rolledBack.StatusCode);
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from job_runs where key = 'kept'") == 1, "the committed job to run");
        Assert.Equal(0L, await CountAsync("select count(*) from job_runs where key = 'gone'"));
        Assert.Equal(0L, await CountAsync("select count(*) from markers where key = 'gone'"));
    }

    [Fact]
    public async Task The_cron_action_runs_once_per_tick()
    {
        await Eventually.TrueAsync(async () => await CountAsync("select count(distinct cron_tick) from job_runs where key = 'tick'") >= 2, "two ticks");

        Assert.Equal(0L, await CountAsync("select count(*) from (select cron_tick from job_runs where key = 'tick' group by cron_tick having count(*) > 1)"));
    }

    private Task<long> CountAsync(string sql) =>
        _app.Server.Services.GetRequiredService<Database>().CreateSession(CancellationToken.None).ExecuteScalarAsync<long>(sql);
}
