extern alias JobsApp;

using Bunbase.Runtime.Tests.Infrastructure;
using Gates = JobsApp::Bunbase.JobsApp.Actions.Gates;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>This process's workers as a whole: lease heartbeat, reaper and shutdown, with time on a fake clock (leases of 10 minutes).</summary>
public sealed class JobWorkersTests
{
    private const int LeaseMs = 600_000;

    [Fact]
    public async Task Extends_the_leases_it_holds_every_third_of_a_lease()
    {
        await using var parts = await QueueParts.StartAsync(leaseMs: LeaseMs);
        var gate = Guid.NewGuid().ToString("N");
        await parts.EnqueueAsync(gate);
        var workers = parts.CreateWorkers();
        await workers.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Gates.Arrived(gate) == 1), "the job to start");
            var claimedUntil = await parts.ScalarAsync<long>("select lease_until from bunbase_jobs");

            parts.Clock.Advance(TimeSpan.FromMilliseconds(LeaseMs / 3));

            await Eventually.TrueAsync(async () => await parts.ScalarAsync<long>("select lease_until from bunbase_jobs") == claimedUntil + (LeaseMs / 3), "the heartbeat to extend the lease");
        }
        finally
        {
            Gates.Open(gate);
            await workers.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            await workers.DisposeAsync();
        }
    }

    [Fact]
    public async Task Runs_the_job_of_a_worker_whose_lease_expired()
    {
        await using var parts = await QueueParts.StartAsync(leaseMs: LeaseMs);
        await parts.EnqueueAsync();
        Assert.Single(await parts.Store.ClaimAsync("default", ["gated"], 1, "a-worker-that-died", TimeSpan.FromMinutes(1), CancellationToken.None));
        var workers = parts.CreateWorkers();
        await workers.StartAsync(CancellationToken.None);
        try
        {
            // The reaper looks every half lease: by then the other worker's one-minute lease has expired.
            parts.Clock.Advance(TimeSpan.FromMilliseconds(LeaseMs / 2));

            await Eventually.TrueAsync(async () => await parts.ScalarAsync<long>("select count(*) from bunbase_jobs") == 0, "the reaped job to run here and be deleted");
        }
        finally
        {
            await workers.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            await workers.DisposeAsync();
        }
    }

    [Fact]
    public async Task Shutdown_hands_back_a_job_still_running_after_the_grace_without_counting_its_attempt()
    {
        await using var parts = await QueueParts.StartAsync(leaseMs: LeaseMs, shutdownTimeoutMs: 600_000);
        var gate = Guid.NewGuid().ToString("N");
        await parts.EnqueueAsync(gate);
        var workers = parts.CreateWorkers();
        await workers.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(Gates.Arrived(gate) == 1), "the job to start");

        var stopping = workers.StopAsync(CancellationToken.None);

        // queue.shutdownTimeoutMs passes on the clock, not in real time.
        await Eventually.TrueAsync(
            () =>
            {
                parts.Clock.Advance(TimeSpan.FromMinutes(1));
                return Task.FromResult(stopping.IsCompleted);
            },
            "shutdown to give up on the job");
        await stopping;
        await workers.DisposeAsync();
        Assert.Equal(1, await parts.CountAsync("pending"));
        Assert.Equal(0, await parts.ScalarAsync<long>("select attempts from bunbase_jobs"));
        Assert.Null(await parts.Database.OnPrimaryAsync(
            async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "select lease_owner from bunbase_jobs";
                return await command.ExecuteScalarAsync() is string owner ? owner : null;
            },
            CancellationToken.None));
    }
}
