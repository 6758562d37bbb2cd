using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Queue;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>Jobs and cron ticks are recorded like HTTP runs: one row per attempt, in the enqueuer's trace.</summary>
public sealed class JobRunRecordTests
{
    [Fact]
    public async Task Each_job_attempt_and_cron_tick_gets_a_row_in_the_enqueuers_trace()
    {
        await using var app = await JobsAppServer.StartAsync(queue: "\"backoffMs\": 10", extraConfig: "\"persistence\": { \"flushIntervalMs\": 50 }");
        var db = app.Database!;
        var key = $"k-{Guid.NewGuid():N}";
        using var response = await app.Client.PostAsync("/enqueue", System.Net.Http.Json.JsonContent.Create(new { key, failTimes = 1 }));
        var enqueued = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JobsAppServer.Enqueued>(response.Content))!;

        await Eventually.TrueAsync(async () => await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'record' and input->>'key' = '{key}'") == 2, "two attempts recorded");
        await Eventually.TrueAsync(async () => await db.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'tick'") >= 1, "a cron tick recorded");

        Assert.Equal(1, await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'record' and trigger = 'job' and attempt = 1 and status = 'failed' and http_status is null and trace_id = '{enqueued.TraceId}'"));
        Assert.Equal(1, await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'record' and trigger = 'job' and attempt = 2 and status = 'ok' and trace_id = '{enqueued.TraceId}'"));
        Assert.Equal(1, await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'enqueue' and trigger = 'http' and http_status = 200 and trace_id = '{enqueued.TraceId}'"));
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'tick' and trigger <> 'cron'"));
    }
}
