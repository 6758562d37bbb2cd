using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The coalescer with a collection of the test's own: each snapshot holds the number of the collection that made it.</summary>
public sealed class ScrapeCoalescerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scrapes_arriving_during_a_collection_share_the_next_one()
    {
        using var started = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var collections = 0;
        var readers = new List<int>();
        var coalescer = new ScrapeCoalescer(count =>
        {
            var number = Interlocked.Increment(ref collections);
            lock (readers)
                readers.Add(count);
            if (number == 1)
            {
                started.Release();
                Assert.True(release.Wait(Patience));
            }

            return Snapshot(number, count);
        });

        var first = Task.Run(async () => await coalescer.CollectAsync());
        Assert.True(await started.WaitAsync(Patience));
        var waiting = Enumerable.Range(0, 20).Select(_ => coalescer.CollectAsync().AsTask()).ToArray();
        release.Set();
        var snapshots = await Task.WhenAll(waiting).WaitAsync(Patience);

        Assert.Equal(1, Number(await first.WaitAsync(Patience)));
        Assert.All(snapshots, s => Assert.Equal(2, Number(s)));
        Assert.Equal(2, collections);
        Assert.Equal([1, 20], readers);
    }

    [Fact]
    public async Task A_scrape_is_never_served_a_collection_that_started_before_it()
    {
        var started = 0;
        var coalescer = new ScrapeCoalescer(count =>
        {
            var number = Interlocked.Increment(ref started);
            Thread.SpinWait(2000);
            return Snapshot(number, count);
        });

        var stale = 0;
        var served = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var before = Volatile.Read(ref started);
                var snapshot = await coalescer.CollectAsync();
                if (Number(snapshot) <= before)
                    Interlocked.Increment(ref stale);
                Interlocked.Increment(ref served);
                snapshot.Release();
            }
        }))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, stale);
        Assert.Equal(1600, served);
        Assert.True(started <= 1600);
    }

    private static ExpositionSnapshot Snapshot(int number, int readers)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4);
        BitConverter.TryWriteBytes(buffer, number);
        return new ExpositionSnapshot(buffer, 4, readers);
    }

    private static int Number(ExpositionSnapshot snapshot) => BitConverter.ToInt32(snapshot.Content.Span);
}
