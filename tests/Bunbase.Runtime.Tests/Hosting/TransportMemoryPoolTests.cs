using Bunbase.Runtime.Hosting;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Hosting;

public sealed class TransportMemoryPoolTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_returned_block_is_rented_again()
    {
        using var pool = new TransportMemoryPool(32 * 1024, _clock, Interval);

        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();
        using var second = pool.Rent(100);

        Assert.Equal(32 * 1024, memory.Length);
        Assert.True(second.Memory.Span == memory.Span, "the same block");
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void Blocks_rented_at_once_are_distinct()
    {
        using var pool = new TransportMemoryPool(8192, _clock, Interval);

        using var a = pool.Rent();
        using var b = pool.Rent();
        a.Memory.Span.Fill(1);
        b.Memory.Span.Fill(2);

        Assert.All(a.Memory.ToArray(), x => Assert.Equal(1, x));
        Assert.Equal(8192, pool.MaxBufferSize);
    }

    [Fact]
    public void More_than_a_block_is_refused()
    {
        using var pool = new TransportMemoryPool(8192, _clock, Interval);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(8193));
    }

    [Fact]
    public void Blocks_the_last_interval_needed_are_kept_and_the_rest_given_back()
    {
        using var pool = new TransportMemoryPool(8192, _clock, Interval);
        var burst = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        burst.ForEach(b => b.Dispose());
        Assert.Equal(10, pool.FreeBlocks);

        // The burst happened in this interval: all ten may be needed again.
        _clock.Advance(Interval);
        Assert.Equal(10, pool.FreeBlocks);

        // Three at once at most in the next interval: seven were idle.
        var three = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        three.ForEach(b => b.Dispose());
        _clock.Advance(Interval);
        Assert.Equal(3, pool.FreeBlocks);

        // Nothing rented for an interval: none kept.
        _clock.Advance(Interval);
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void Blocks_still_rented_are_not_counted_as_idle()
    {
        using var pool = new TransportMemoryPool(8192, _clock, Interval);
        using var held = pool.Rent();
        var other = pool.Rent();
        other.Dispose();

        // Two were rented at once and one still is: the free one may be needed again.
        _clock.Advance(Interval);
        Assert.Equal(1, pool.FreeBlocks);

        // One at most in the last interval, and it is still out: the free one was idle.
        _clock.Advance(Interval);
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void A_disposed_pool_refuses_rents_and_accepts_late_returns()
    {
        var pool = new TransportMemoryPool(8192, _clock, Interval);
        var out_ = pool.Rent();
        pool.Dispose();

        out_.Dispose();
        Assert.Equal(0, pool.FreeBlocks);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public async Task The_server_takes_its_pools_from_the_runtime()
    {
        await using var server = await AppServer.StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/_health/live", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        var factory = Assert.IsType<TransportMemoryPoolFactory>(server.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.True(factory.PoolsCreated > 0, "Kestrel asked the runtime's factory for its pools");
    }
}
