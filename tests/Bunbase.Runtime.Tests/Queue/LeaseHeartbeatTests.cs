using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The heartbeat that keeps this process's leases, under a stream of short jobs.</summary>
public sealed class LeaseHeartbeatTests
{
    [Fact]
    public async Task Jobs_finished_between_a_heartbeat_snapshot_and_its_write_are_not_reported_as_lost_leases()
    {
        // Thousands of short jobs complete (and are deleted in batches) while the heartbeat, every
        // 500 ms, extends what it holds: each heartbeat races the deletions of jobs it just listed.
        var collector = new SpanCollector();
        await using var app = await JobsAppServer.StartAsync(
            leaseMs: 1_500,
            host: host => host.ConfigureLogExport = logs => logs.AddInMemoryExporter(collector.Logs));
        using (var response = await app.Client.PostAsJsonAsync("/enqueue-many", new { count = 10_000, prefix = "busy" }))
            response.EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<long>("select count(*) from job_runs where key like 'busy-%'") == 10_000, "every job to run", seconds: 120);
        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where input like '%busy-%'") == 0, "every job to be deleted");

        var heartbeats = collector.Logs.Where(l => l.CategoryName == "Bunbase.Runtime.Queue.JobWorkers").Select(l => l.FormattedMessage).ToArray();
        Assert.DoesNotContain(heartbeats, m => m?.Contains("lease(s) were lost", StringComparison.Ordinal) == true);
    }
}
