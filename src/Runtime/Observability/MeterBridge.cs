using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Serves the instruments of one <see cref="Meter"/> (the runtime's) as Prometheus metrics under
/// their exact names and kinds: counters stay counters, histograms get the configured buckets
/// (or the instrument's advice), observable gauges are read at every scrape.
/// </summary>
/// <remarks>
/// prometheus-net's MeterAdapter (used before) prefixes names with the meter's, exports counters as gauges,
/// expires idle series and sorts tags with LINQ on every measurement; this bridge keeps names as
/// declared and costs one child lookup per measurement.
/// </remarks>
internal sealed class MeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private volatile bool _disposed;

    public MeterBridge(Meter meter, IReadOnlyDictionary<string, string[]> declaredLabels, MetricRegistry registry, double[] bucketsMs, ILogger logger)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
                listener.EnableMeasurementEvents(instrument, new BridgedInstrument(instrument, declaredLabels.GetValueOrDefault(instrument.Name), registry, bucketsMs, logger));
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((BridgedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((BridgedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((BridgedInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((BridgedInstrument)state!).Record(value, tags));
        _listener.Start();

        // The registry cannot forget a callback: once disposed it does nothing.
        registry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed)
                _listener.RecordObservableInstruments();
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }
}
