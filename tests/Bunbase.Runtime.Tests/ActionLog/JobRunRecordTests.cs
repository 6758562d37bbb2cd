extern alias JobsApp;

using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Queue;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>Jobs and cron ticks are recorded like HTTP runs: one row per attempt, in the enqueuer's trace.</summary>
public sealed class JobRunRecordTests
{
    [Fact]
    public async Task Each_job_attempt_and_cron_tick_gets_a_row_in_the_enqueuers_trace()
    {
        await using var app = await KitApp.StartAsync(typeof(JobsApp::Program).Assembly, postgres: true, ("BUNBASE__DATABASE__MIGRATIONSPATH", JobsAppServer.Migrations), ("BUNBASE__QUEUE__BACKOFFMS", "10"));
        var key = $"k-{Guid.NewGuid():N}";
        using var response = await app.Client.PostAsync(new Uri("/enqueue", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { key, failTimes = 1 }));
        var enqueued = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JobsAppServer.Enqueued>(response.Content))!;

        await app.Jobs.RunUntilIdleAsync();
        await app.AdvanceAsync(TimeSpan.FromSeconds(1)); // past the failed attempt's backoff (the every-second cron ticks once more)
        await app.Jobs.RunUntilIdleAsync();

        var attempts = (await app.Runs.ListAsync("record")).Where(r => r.Input?.GetProperty("key").GetString() == key).OrderBy(r => r.Attempt).ToList();
        Assert.Equal([("job", 1, "failed", null, enqueued.TraceId), ("job", 2, "ok", null, enqueued.TraceId)], attempts.Select(r => (r.Trigger, r.Attempt, r.Status, r.HttpStatus, r.TraceId)));
        var http = Assert.Single(await app.Runs.ListAsync("enqueue"), r => r.TraceId == enqueued.TraceId);
        Assert.Equal(("http", 200), (http.Trigger, http.HttpStatus));
        Assert.NotEmpty(await app.Runs.ListAsync("tick"));
        Assert.All(await app.Runs.ListAsync("tick"), r => Assert.Equal("cron", r.Trigger));
    }
}
