using Bunbase.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>How many jobs a dispatcher claims ahead of its idle workers, on a fake clock.</summary>
public sealed class ClaimAheadTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Claims_only_for_idle_workers_until_a_job_has_finished()
    {
        var claims = new ClaimAhead(workers: 2, batchSize: 64, _clock);

        Assert.Equal(2, claims.Room(0));
        Assert.Equal(1, claims.Room(1));
        Assert.Equal(0, claims.Room(2));
    }

    [Fact]
    public void Short_jobs_are_claimed_ahead_in_a_full_batch()
    {
        var claims = new ClaimAhead(workers: 2, batchSize: 64, _clock);
        Run(claims, worker: 0, TimeSpan.FromMilliseconds(1));

        // 2 workers x 50 ms / 1 ms = 100 would start within the wait: a batch is the cap.
        Assert.Equal(64, claims.Room(0));
        Assert.Equal(64, claims.Room(2));
    }

    [Fact]
    public void Only_the_jobs_that_start_within_the_prefetch_wait_are_claimed_ahead()
    {
        var claims = new ClaimAhead(workers: 2, batchSize: 64, _clock);
        Run(claims, worker: 0, TimeSpan.FromMilliseconds(25));

        // 2 workers x 50 ms / 25 ms = 4 ahead, beyond the 2 running.
        Assert.Equal(4, claims.Room(2));
    }

    [Fact]
    public void The_average_follows_recent_durations()
    {
        var claims = new ClaimAhead(workers: 2, batchSize: 64, _clock);
        Run(claims, worker: 0, TimeSpan.FromMilliseconds(10));
        Run(claims, worker: 1, TimeSpan.FromMilliseconds(60));

        Assert.Equal(20, claims.AverageMs, precision: 6); // 0.8 x 10 + 0.2 x 60
        Assert.Equal(2 + 5, claims.Room(0)); // the idle workers and 2 x 50 / 20 ahead
    }

    [Fact]
    public void Nothing_is_claimed_ahead_while_a_worker_is_on_a_job_longer_than_the_prefetch_wait()
    {
        var claims = new ClaimAhead(workers: 2, batchSize: 64, _clock);
        Run(claims, worker: 0, TimeSpan.FromMilliseconds(1));
        var started = claims.Started(1);

        _clock.Advance(TimeSpan.FromMilliseconds(ClaimAhead.PrefetchWaitMs));
        var withinTheWait = claims.Room(1);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var pastTheWait = claims.Room(1);
        claims.Finished(1, started);
        var afterIt = claims.Room(0);

        Assert.Equal(64, withinTheWait);
        Assert.Equal(1, pastTheWait); // the idle worker only
        Assert.True(afterIt > 2, $"room {afterIt} once the long job ended"); // its 51 ms lowered the average, but claiming ahead resumes
    }

    private void Run(ClaimAhead claims, int worker, TimeSpan duration)
    {
        var started = claims.Started(worker);
        _clock.Advance(duration);
        Assert.Equal(duration, claims.Finished(worker, started));
    }
}
