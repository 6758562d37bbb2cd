namespace Bunbase.Runtime.Observability;

/// <summary>The pre-encoded starts of one histogram series' lines: <c>_sum</c>, <c>_count</c> and a <c>_bucket</c> per bound and <c>+Inf</c>.</summary>
internal sealed class HistogramLines
{
    public HistogramLines(string name, string[] labelNames, string[] labelValues, double[] upperBounds)
    {
        Sum = SeriesNames.Prefix(name + "_sum", labelNames, labelValues);
        Count = SeriesNames.Prefix(name + "_count", labelNames, labelValues);
        Buckets = new byte[upperBounds.Length + 1][];
        OpenMetricsBuckets = new byte[upperBounds.Length + 1][];
        Span<byte> bound = stackalloc byte[PrometheusNumber.MaxLength];
        for (var i = 0; i <= upperBounds.Length; i++)
        {
            var value = i < upperBounds.Length ? upperBounds[i] : double.PositiveInfinity;
            var text = System.Text.Encoding.UTF8.GetString(bound[..PrometheusNumber.Write(value, bound, openMetrics: false)]);
            var openMetrics = System.Text.Encoding.UTF8.GetString(bound[..PrometheusNumber.Write(value, bound, openMetrics: true)]);
            Buckets[i] = SeriesNames.Prefix(name + "_bucket", labelNames, labelValues, $"le=\"{text}\"");
            OpenMetricsBuckets[i] = text == openMetrics ? Buckets[i] : SeriesNames.Prefix(name + "_bucket", labelNames, labelValues, $"le=\"{openMetrics}\"");
        }
    }

    public byte[] Sum { get; }

    public byte[] Count { get; }

    public byte[][] Buckets { get; }

    public byte[][] OpenMetricsBuckets { get; }
}
