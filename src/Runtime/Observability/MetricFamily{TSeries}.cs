using System.Collections.Concurrent;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// A family's series by label values. Callers on hot paths keep the series they get (per route,
/// per action), so a lookup is paid once; the list serialized is copy-on-write, so a scrape takes
/// no lock and never waits for one.
/// </summary>
internal abstract class MetricFamily<TSeries> : MetricFamily
    where TSeries : MetricSeries
{
    private readonly ConcurrentDictionary<string[], TSeries> _byLabels = new(LabelValuesComparer.Instance);
    private readonly Lock _lock = new();
    private readonly bool _suppressInitialValue;
    private TSeries[] _series = [];

    private protected MetricFamily(string name, string help, string[] labelNames, string type, bool suppressInitialValue)
        : base(name, help, labelNames, type) => _suppressInitialValue = suppressInitialValue;

    /// <summary>The one series of a family without labels.</summary>
    public TSeries Unlabelled => LabelNames.Length == 0 ? WithLabels() : throw new InvalidOperationException($"Metric '{Name}' has labels.");

    /// <summary>The series of these label values (in the order of the family's label names), created on first use.</summary>
    public TSeries WithLabels(params string[] labelValues)
    {
        if (labelValues.Length != LabelNames.Length || Array.IndexOf(labelValues, null) >= 0)
            throw new ArgumentException($"Metric '{Name}' takes {LabelNames.Length} label values, none null.", nameof(labelValues));
        if (_byLabels.TryGetValue(labelValues, out var series))
            return series;

        lock (_lock)
        {
            if (_byLabels.TryGetValue(labelValues, out series))
                return series;
            var values = (string[])labelValues.Clone();
            series = Create(values);
            if (!_suppressInitialValue)
                series.Publish();
            Volatile.Write(ref _series, [.. _series, series]);
            _byLabels[values] = series;
            return series;
        }
    }

    private protected abstract TSeries Create(string[] labelValues);

    private protected override void WriteSeries(ExpositionBuffer buffer, bool openMetrics)
    {
        // A family without labels always has its one series (served at 0 unless suppressed).
        if (LabelNames.Length == 0 && Volatile.Read(ref _series).Length == 0)
            _ = WithLabels();
        foreach (var series in Volatile.Read(ref _series))
        {
            if (series.IsPublished)
                series.WriteTo(buffer, openMetrics);
        }
    }
}
