using HdrHistogram;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// Closed-loop latency as wrk reports it. After a run wrk takes the mean interval between one connection's
/// requests (run time / (responses / connections)) and, for every latency of at least twice that, also
/// counts the latency less one interval, less two, ... while more than one interval is left: the requests
/// the slow one held back on its connection (wrk's <c>stats_correct</c>). On a tight distribution this
/// changes nothing; on a bursty one (a database scenario) it raises p99 severalfold, which is why the raw
/// closed-loop p99 of any tool that does not do this is not comparable with wrk's.
/// </summary>
internal static class WrkLatency
{
    /// <summary>The interval wrk corrects with, in microseconds; null when no connection had a response.</summary>
    public static long? ExpectedIntervalMicros(TimeSpan elapsed, long responses, int connections)
    {
        var perConnection = responses / Math.Max(1, connections);
        return perConnection > 0 ? (long)elapsed.TotalMicroseconds / perConnection : null;
    }

    /// <summary>A copy of <paramref name="recorded"/> (microseconds) with wrk's correction for <paramref name="expectedMicros"/>.</summary>
    public static LongHistogram Correct(HistogramBase recorded, long expectedMicros)
    {
        var corrected = WorkerStats.NewHistogram();
        corrected.Add(recorded);
        if (expectedMicros <= 0)
            return corrected;
        foreach (var bucket in recorded.RecordedValues())
        {
            var value = bucket.ValueIteratedTo;
            if (value < expectedMicros * 2)
                continue;
            for (var held = value - expectedMicros; held > expectedMicros; held -= expectedMicros)
                corrected.RecordValueWithCount(held, bucket.CountAtValueIteratedTo);
        }

        return corrected;
    }
}
