using System.Collections.Concurrent;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Foundation;

public sealed class Uuid7Tests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_carrying_its_milliseconds()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123);

        var id = Uuid7.New(at);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b1000, id.Variant & 0b1100); // RFC 9562's variant: 10xx
        Assert.Equal(at.ToUnixTimeMilliseconds().ToString("x12"), id.ToString("N")[..12]);
    }

    [Fact]
    public void It_is_laid_out_as_the_framework_lays_its_own_out()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123);

        var ours = Uuid7.New(at).ToString("N");
        var framework = Guid.CreateVersion7(at).ToString("N");

        Assert.Equal(framework[..12], ours[..12]);   // the timestamp
        Assert.Equal(framework[12], ours[12]);        // the version digit
        Assert.Contains(ours[16], "89ab");            // the variant's digit
    }

    [Fact]
    public void A_later_millisecond_sorts_after_an_earlier_one()
    {
        var at = DateTimeOffset.UtcNow;

        var earlier = Uuid7.New(at);
        var later = Uuid7.New(at.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
    }

    [Fact]
    public async Task Ids_are_distinct_across_refills_and_threads()
    {
        var at = DateTimeOffset.UtcNow; // one millisecond for all: only the random bits tell them apart
        var ids = new ConcurrentBag<Guid>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++) // several refills of 256 on each thread
                ids.Add(Uuid7.New(at));
        })));

        Assert.Equal(8_000, ids.Distinct().Count());
    }

    [Fact]
    public void A_time_before_the_epoch_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Uuid7.New(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }
}
