using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Observability;

/// <summary>One instrument as a metric family of the same name; its labels are declared, or learned from its first measurement.</summary>
internal sealed partial class BridgedInstrument
{
    private readonly Instrument _instrument;
    private readonly MetricRegistry _registry;
    private readonly double[] _buckets;
    private readonly ILogger _logger;
    private readonly InstrumentKind _kind;
    private readonly Lock _lock = new();
    private MetricFamily? _collector;
    private string[]? _labelNames;
    private bool _broken;

    public BridgedInstrument(Instrument instrument, string[]? labelNames, MetricRegistry registry, double[] bucketsMs, ILogger logger)
    {
        _instrument = instrument;
        _registry = registry;
        _logger = logger;
        _kind = KindOf(instrument);
        _buckets = AdvisedBuckets(instrument) ?? bucketsMs;

        // Declared labels are known now: the family is served (empty) before the first measurement.
        if (_kind == InstrumentKind.Unsupported)
            _broken = true;
        else if (labelNames is not null)
            Create(labelNames);
    }

    private enum InstrumentKind
    {
        Counter,
        ObservableCounter,
        UpDownCounter,
        Gauge,
        Histogram,
        Unsupported,
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_broken)
            return;
        try
        {
            if (_collector is null)
                Create(LabelNamesOf(tags));
            var names = _labelNames!;
            var values = names.Length == 0 ? [] : LabelValues(names, tags);
            switch (_collector)
            {
                case CounterFamily counter when _kind == InstrumentKind.ObservableCounter:
                    counter.WithLabels(values).IncTo(value);
                    break;
                case CounterFamily counter when value >= 0:
                    counter.WithLabels(values).Inc(value);
                    break;
                case GaugeFamily gauge when _kind == InstrumentKind.UpDownCounter:
                    gauge.WithLabels(values).Inc(value);
                    break;
                case GaugeFamily gauge:
                    gauge.WithLabels(values).Set(value);
                    break;
                case HistogramFamily histogram:
                    histogram.WithLabels(values).Observe(value);
                    break;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Never throw into the code that recorded: stop exporting this instrument and say why once.
            _broken = true;
            LogBroken(_logger, _instrument.Name, ex.Message);
        }
    }

    private void Create(string[] labelNames)
    {
        lock (_lock)
        {
            if (_collector is not null)
                return;
            var help = string.IsNullOrEmpty(_instrument.Description) ? _instrument.Name : _instrument.Description;
            _collector = _kind switch
            {
                InstrumentKind.Counter or InstrumentKind.ObservableCounter =>
                    _registry.CreateCounter(_instrument.Name, help, labelNames),
                InstrumentKind.UpDownCounter or InstrumentKind.Gauge =>
                    _registry.CreateGauge(_instrument.Name, help, labelNames),
                InstrumentKind.Histogram =>
                    _registry.CreateHistogram(_instrument.Name, help, labelNames, _buckets),
                _ => throw new InvalidOperationException($"{_instrument.GetType().Name} instruments are not exported"),
            };
            _labelNames = labelNames;
        }
    }

    private static string[] LabelNamesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            names[i] = tags[i].Key;
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    private static string[] LabelValues(string[] names, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            values[i] = "";
            foreach (var tag in tags)
            {
                if (tag.Key == names[i])
                {
                    values[i] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    break;
                }
            }
        }

        return values;
    }

    private static InstrumentKind KindOf(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
            return InstrumentKind.Unsupported;
        var definition = instrument.GetType().GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
            return InstrumentKind.Counter;
        if (definition == typeof(ObservableCounter<>))
            return InstrumentKind.ObservableCounter;
        if (definition == typeof(UpDownCounter<>))
            return InstrumentKind.UpDownCounter;
        if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>) || definition == typeof(Gauge<>))
            return InstrumentKind.Gauge;
        return definition == typeof(Histogram<>) ? InstrumentKind.Histogram : InstrumentKind.Unsupported;
    }

    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } bounds } => [.. bounds],
        Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } bounds } => [.. bounds.Select(b => (double)b)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { Count: > 0 } bounds } => [.. bounds.Select(b => (double)b)],
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric {Name} is no longer exported: {Reason}")]
    private static partial void LogBroken(ILogger logger, string name, string reason);
}
