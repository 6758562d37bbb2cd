using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>Completed jobs written in batches, held until written, on the embedded store and a fake clock.</summary>
public sealed class JobCompletionsTests : IAsyncLifetime
{
    private const string Owner = "completions-test";
    private readonly InFlightJobs _inFlight = new();
    private readonly LogLines _log = new();
    private QueueParts _parts = null!;
    private JobCompletions _completions = null!;

    public async Task InitializeAsync()
    {
        _parts = await QueueParts.StartAsync();
        _completions = new JobCompletions(_parts.Store, Owner, _inFlight, _parts.Clock, _log);
    }

    public async Task DisposeAsync() => await _parts.DisposeAsync();

    [Fact]
    public async Task Deletes_completed_jobs_and_lets_them_go()
    {
        var ids = await ClaimAsync(3);
        var running = _completions.RunAsync(CancellationToken.None);

        foreach (var id in ids)
            _completions.Add(id);
        _completions.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, _inFlight.Count);
        Assert.Equal(0, await _parts.ScalarAsync<long>("select count(*) from bunbase_jobs"));
    }

    [Fact]
    public async Task A_completion_that_cannot_be_written_stays_held_and_is_written_after_a_backoff()
    {
        var id = Assert.Single(await ClaimAsync(1));
        await _parts.ScalarAsync<long>("alter table bunbase_jobs rename to bunbase_jobs_away; select 0");
        var running = _completions.RunAsync(CancellationToken.None);

        _completions.Add(id);
        await Eventually.TrueAsync(() => Task.FromResult(_log.Contains("Could not record 1 completed jobs")), "the write to fail");

        // Held (its lease kept alive by the heartbeat) until written, so a crash now runs it again rather than losing it.
        Assert.False(_inFlight.IsRunning(id));
        Assert.Equal([id], _inFlight.Snapshot());
        await _parts.ScalarAsync<long>("alter table bunbase_jobs_away rename to bunbase_jobs; select 0");
        await Eventually.TrueAsync(
            () =>
            {
                _parts.Clock.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(_inFlight.Count == 0);
            },
            "the retry to write it");
        _completions.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await _parts.ScalarAsync<long>("select count(*) from bunbase_jobs"));
    }

    private async Task<Guid[]> ClaimAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _parts.EnqueueAsync();
        var claimed = await _parts.Store.ClaimAsync("default", ["gated"], count, Owner, TimeSpan.FromMinutes(1), CancellationToken.None);
        foreach (var job in claimed)
            _inFlight.Add(job.Id);
        return [.. claimed.Select(j => j.Id)];
    }
}
