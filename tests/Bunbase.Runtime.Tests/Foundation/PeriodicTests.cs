using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Foundation;

public sealed class PeriodicTests
{
    [Fact]
    public async Task A_failed_round_is_reported_and_the_next_rounds_still_run()
    {
        var clock = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var rounds = 0;
        var failures = new List<Exception>();
        var loop = Periodic.RunAsync(TimeSpan.FromMinutes(1), clock, _ =>
        {
            if (Interlocked.Increment(ref rounds) == 1)
                throw new InvalidOperationException("the database is away");
            return Task.CompletedTask;
        }, failures.Add, runAtStart: true, stopping.Token);

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref rounds) == 1), "the first round, at once");
        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref rounds) == 2), "the second round");
        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref rounds) == 3), "the third round");
        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("the database is away", Assert.Single(failures).Message);
        Assert.True(loop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stopping_during_a_round_ends_the_loop_quietly()
    {
        var clock = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var failures = 0;
        var started = new TaskCompletionSource();
        var loop = Periodic.RunAsync(TimeSpan.FromMinutes(1), clock, async token =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        }, _ => failures++, runAtStart: true, stopping.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(loop.IsCompletedSuccessfully);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task Without_run_at_start_the_first_round_waits_one_interval_and_stopping_while_waiting_is_quiet()
    {
        var clock = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var rounds = 0;
        var loop = Periodic.RunAsync(TimeSpan.FromSeconds(5), clock, _ => { Interlocked.Increment(ref rounds); return Task.CompletedTask; }, _ => { }, runAtStart: false, stopping.Token);

        await Task.Delay(100);
        var before = Volatile.Read(ref rounds);
        clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref rounds) == 1), "one round after one interval");
        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, before);
        Assert.True(loop.IsCompletedSuccessfully);
    }
}
