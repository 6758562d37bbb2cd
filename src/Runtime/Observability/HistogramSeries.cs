namespace Bunbase.Runtime.Observability;

/// <summary>
/// One histogram series: a count per bucket (not cumulative: an observation increments one) and a
/// sum. The count and the cumulative buckets are added up when scraped.
/// </summary>
internal sealed class HistogramSeries : MetricSeries
{
    private readonly double[] _upperBounds;
    private readonly long[] _counts;
    private readonly HistogramLines _lines;
    private double _sum;

    public HistogramSeries(double[] upperBounds, HistogramLines lines)
    {
        _upperBounds = upperBounds;
        _counts = new long[upperBounds.Length + 1];
        _lines = lines;
    }

    public double Sum => Volatile.Read(ref _sum);

    public long Count
    {
        get
        {
            var count = 0L;
            for (var i = 0; i < _counts.Length; i++)
                count += Volatile.Read(ref _counts[i]);
            return count;
        }
    }

    public void Observe(double value)
    {
        var bucket = 0;
        while (bucket < _upperBounds.Length && !(value <= _upperBounds[bucket]))
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        AtomicDouble.Add(ref _sum, value);
        Publish();
    }

    internal override void WriteTo(ExpositionBuffer buffer, bool openMetrics)
    {
        // The order prometheus-net served: sum, count, then the buckets by increasing bound.
        Span<long> counts = stackalloc long[_counts.Length];
        var total = 0L;
        for (var i = 0; i < counts.Length; i++)
            total += counts[i] = Volatile.Read(ref _counts[i]);

        buffer.Write(_lines.Sum);
        buffer.WriteValue(Sum, openMetrics);
        buffer.Write((byte)'\n');
        buffer.Write(_lines.Count);
        buffer.WriteValue(total);
        buffer.Write((byte)'\n');

        var buckets = openMetrics ? _lines.OpenMetricsBuckets : _lines.Buckets;
        var cumulative = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            buffer.Write(buckets[i]);
            buffer.WriteValue(cumulative);
            buffer.Write((byte)'\n');
        }
    }
}
