extern alias JobsApp;

using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Gates = JobsApp::Bunbase.JobsApp.Actions.Gates;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>
/// Shutdown in explicit phases (stop accepting and claiming; finish requests and jobs; flush the run log),
/// whatever order the services were registered in: a job and a request in flight when the stop begins
/// both finish, and both runs reach the run log, whose last flush comes after them.
/// </summary>
public sealed class ShutdownPhasesTests
{
    [Fact]
    public async Task A_job_and_a_request_in_flight_at_stop_finish_and_their_runs_are_flushed_after_them()
    {
        // Flushes only at shutdown: a row in the table after the stop was written by the last flush.
        await using var app = await JobsAppServer.StartAsync(
            queue: "\"shutdownTimeoutMs\": 60000",
            extraConfig: "\"persistence\": { \"flushIntervalMs\": 600000 }, \"shutdownTimeoutMs\": 90000");
        var db = app.Database!;
        var jobGate = $"job-{Guid.NewGuid():N}";
        var requestGate = $"request-{Guid.NewGuid():N}";
        var services = app.Server.Services;
        var gated = services.GetRequiredService<ActionCatalog>().Actions.Single(a => a.Name == "gated");
        var job = await services.GetRequiredService<JobQueueService>().EnqueueAsync(gated, new JobsApp::Bunbase.JobsApp.Actions.Gated.Input(jobGate), null, null, CancellationToken.None);
        var request = app.Client.PostAsJsonAsync("/gated", new { gate = requestGate });
        await Eventually.TrueAsync(() => Task.FromResult(Gates.Arrived(jobGate) == 1 && Gates.Arrived(requestGate) == 1), "the job and the request to start");

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var stop = services.GetRequiredService<IHost>().StopAsync();
        await Eventually.TrueAsync(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested), "the stop to begin");
        Assert.False(stop.IsCompleted);

        // The request ends first: the web server finishes it although the stop has begun.
        Gates.Open(requestGate);
        using (var response = await request)
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The job is still running. Give a flush that comes too early (before the job ends) the chance to
        // happen: the run log is closed by its last flush, so wait a while for that, then let the job end.
        var log = services.GetRequiredService<Bunbase.Runtime.ActionLog.ActionRunLog>();
        for (var i = 0; i < 50 && !log.Closed; i++)
            await Task.Delay(100);
        Assert.False(log.Closed, "the run log was flushed for the last time while a job was still running");
        Assert.False(stop.IsCompleted);
        Gates.Open(jobGate);
        await stop.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0L, await db.ScalarAsync<long>($"select count(*) from bunbase_jobs where id = '{job}'")); // a finished job is deleted
        Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'gated' and trigger = 'job' and status = 'ok' and input->>'gate' = '{jobGate}'"));
        Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from bunbase_action_runs where action = 'gated' and trigger = 'http' and http_status = 200 and input->>'gate' = '{requestGate}'"));
    }
}
