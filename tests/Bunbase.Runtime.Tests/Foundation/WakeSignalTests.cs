using System.Runtime.ExceptionServices;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Foundation;

public sealed class WakeSignalTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_wake_up_before_the_wait_is_kept_once()
    {
        var signal = new WakeSignal(new FakeTimeProvider());
        signal.Wake();
        signal.Wake(); // at most one is kept
        Assert.True(signal.IsSet);

        Assert.True(await signal.WaitAsync(Poll, CancellationToken.None));
        Assert.False(signal.IsSet);
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_wake_up_ends_a_waiting_wait()
    {
        var signal = new WakeSignal(new FakeTimeProvider());
        var waiting = signal.WaitAsync(Poll, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.Wake();

        Assert.True(await waiting.WaitAsync(Long));
        Assert.False(signal.IsSet); // taken by the waiter, not kept as well
    }

    [Fact]
    public async Task A_wait_times_out_on_the_clock_without_throwing()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal(clock);
        var thrown = 0;
        // Only exceptions of this test's own flow count: the other tests of the process run alongside.
        var mine = new AsyncLocal<bool> { Value = true };
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (mine.Value)
                Interlocked.Increment(ref thrown);
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var waiting = signal.WaitAsync(Poll, CancellationToken.None);
                clock.Advance(Poll - TimeSpan.FromMilliseconds(1));
                Assert.False(waiting.IsCompleted);
                clock.Advance(TimeSpan.FromMilliseconds(1));
                Assert.False(await waiting.WaitAsync(Long));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task A_wake_up_after_a_timeout_is_kept_for_the_next_wait_not_lost()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal(clock);
        var timedOut = signal.WaitAsync(Poll, CancellationToken.None);
        clock.Advance(Poll);
        Assert.False(await timedOut.WaitAsync(Long));

        signal.Wake();

        Assert.True(signal.IsSet);
        Assert.True(await signal.WaitAsync(Poll, CancellationToken.None));
    }

    [Fact]
    public async Task Each_wake_up_ends_one_of_several_waits_in_turn()
    {
        var signal = new WakeSignal(new FakeTimeProvider());
        var first = signal.WaitAsync(Poll, CancellationToken.None);
        var second = signal.WaitAsync(Poll, CancellationToken.None);

        signal.Wake();
        Assert.True(await first.WaitAsync(Long));
        Assert.False(second.IsCompleted);

        signal.Wake();
        Assert.True(await second.WaitAsync(Long));
        Assert.False(signal.IsSet);
    }

    [Fact]
    public async Task Cancelling_ends_the_wait_with_OperationCanceledException_and_leaves_no_waiter_behind()
    {
        var signal = new WakeSignal(new FakeTimeProvider());
        using var stopping = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Long));
        signal.Wake(); // reaches no cancelled waiter: it is kept
        Assert.True(signal.IsSet);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signal.WaitAsync(Poll, stopping.Token));
    }

    [Fact]
    public async Task Wake_ups_racing_with_timeouts_are_never_lost()
    {
        // Bounded: 2,000 rounds, each a wait with a short real timeout and a wake-up from another thread.
        var signal = new WakeSignal(TimeProvider.System);
        var woken = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var waiting = signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
            var waking = Task.Run(signal.Wake);
            if (await waiting.WaitAsync(Long))
                woken++;
            await waking.WaitAsync(Long);
            // Either the wait took this round's wake-up, or it timed out first and the wake-up is kept.
            if (signal.IsSet)
            {
                Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
                woken++;
            }
        }

        Assert.Equal(2_000, woken);
    }
}
