using Microsoft.Extensions.Time.Testing;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Observability;

public sealed class OncePerIntervalTests
{
    [Fact]
    public void The_first_call_passes_then_one_per_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var gate = new OncePerInterval(TimeSpan.FromSeconds(10), clock);

        var first = Enumerable.Range(0, 240).Count(_ => gate.TryEnter());
        clock.Advance(TimeSpan.FromSeconds(9.999));
        var tooSoon = gate.TryEnter();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var later = Enumerable.Range(0, 240).Count(_ => gate.TryEnter());

        Assert.Equal(1, first);
        Assert.False(tooSoon);
        Assert.Equal(1, later);
    }

    [Fact]
    public void The_first_call_passes_at_any_time_even_the_earliest()
    {
        var gate = new OncePerInterval(TimeSpan.FromHours(1), new FakeTimeProvider(DateTimeOffset.MinValue));

        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
    }

    [Fact]
    public async Task Concurrent_callers_let_exactly_one_through()
    {
        var gate = new OncePerInterval(TimeSpan.FromHours(1), new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        var passed = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(gate.TryEnter)));

        Assert.Equal(1, passed.Count(p => p));
    }
}
