using Bunbase.Cli.Benchmarking;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>The "p99 as wrk" figures: wrk's after-the-run correction, checked against a plain port of its loop.</summary>
public sealed class WrkLatencyTests
{
    [Fact]
    public void The_interval_is_the_run_time_over_the_responses_of_one_connection()
    {
        Assert.Equal(1_000, WrkLatency.ExpectedIntervalMicros(TimeSpan.FromSeconds(10), 500_000, 50));
        // Integer division, as wrk's: 499,999 responses are 9,999 per connection.
        Assert.Equal(1_000_200, WrkLatency.ExpectedIntervalMicros(TimeSpan.FromSeconds(10_001), 499_999, 50));
        Assert.Null(WrkLatency.ExpectedIntervalMicros(TimeSpan.FromSeconds(10), 49, 50));
    }

    [Fact]
    public void A_tight_distribution_is_unchanged()
    {
        var recorded = Histogram([(900, 500), (1_000, 400), (1_900, 100)]);

        var corrected = WrkLatency.Correct(recorded, expectedMicros: 1_000);

        Assert.Equal(recorded.TotalCount, corrected.TotalCount);
        Assert.Equal(recorded.GetValueAtPercentile(99), corrected.GetValueAtPercentile(99));
    }

    [Fact]
    public void A_stall_also_counts_the_requests_it_held_back_as_wrk_does()
    {
        // 990 quick responses and 10 that waited 2 ms (values HdrHistogram holds exactly at 3 digits).
        (long Micros, long Count)[] values = [(200, 990), (2_000, 10)];
        const long interval = 300;

        var corrected = WrkLatency.Correct(Histogram(values), interval);

        var expected = WrkPort(values, interval);
        Assert.Equal(expected.Sum(), corrected.TotalCount);
        // 2,000 less 300 while more than 300 is left: 1,700, 1,400, 1,100, 800, 500 (five more per stall).
        Assert.Equal(1_000 + (10 * 5), corrected.TotalCount);
        foreach (var percentile in new[] { 50.0, 90, 95, 99, 99.9 })
            Assert.Equal(Percentile(expected, percentile), corrected.GetValueAtPercentile(percentile));
        // The raw p99 is the quick value; corrected, it is inside the stall.
        Assert.Equal(200, Histogram(values).GetValueAtPercentile(99));
        Assert.True(corrected.GetValueAtPercentile(99) > 1_000);
    }

    private static HdrHistogram.LongHistogram Histogram((long Micros, long Count)[] values)
    {
        var histogram = WorkerStats.NewHistogram();
        foreach (var (micros, count) in values)
            histogram.RecordValueWithCount(micros, count);
        return histogram;
    }

    /// <summary>wrk's stats_correct over a plain array of counts per microsecond.</summary>
    private static long[] WrkPort((long Micros, long Count)[] values, long expected)
    {
        var data = new long[values.Max(v => v.Micros) + 1];
        foreach (var (micros, count) in values)
            data[micros] += count;
        for (var n = expected * 2; n < data.Length; n++)
        {
            var count = data[n];
            for (var m = n - expected; count > 0 && m > expected; m -= expected)
                data[m] += count;
        }

        return data;
    }

    /// <summary>The value at a percentile as HdrHistogram defines it: the lowest value with at least that share at or below it.</summary>
    private static long Percentile(long[] data, double percentile)
    {
        var total = data.Sum();
        var wanted = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var value = 0; value < data.Length; value++)
        {
            seen += data[value];
            if (seen >= wanted)
                return value;
        }

        return data.Length - 1;
    }
}
