using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// An application's metric families (its own, so two applications in one process never mix counts)
/// and the callbacks that update gauges read at scrape time. A collection runs the callbacks, then
/// writes every family synchronously into one pooled buffer: no lock is taken on the way.
/// </summary>
internal sealed partial class MetricRegistry(ILogger? logger = null)
{
    private static readonly byte[] EndOfFile = "# EOF\n"u8.ToArray();
    private readonly Lock _lock = new();
    private MetricFamily[] _families = [];
    private Action[] _beforeCollect = [];
    private int _sizeHint = 4096;

    public CounterFamily CreateCounter(string name, string help, string[]? labelNames = null, bool suppressInitialValue = false) =>
        GetOrAdd(name, labelNames, () => new CounterFamily(name, help, labelNames ?? [], suppressInitialValue));

    public GaugeFamily CreateGauge(string name, string help, string[]? labelNames = null) =>
        GetOrAdd(name, labelNames, () => new GaugeFamily(name, help, labelNames ?? []));

    public HistogramFamily CreateHistogram(string name, string help, string[]? labelNames, double[] upperBounds, bool suppressInitialValue = false) =>
        GetOrAdd(name, labelNames, () => new HistogramFamily(name, help, labelNames ?? [], upperBounds, suppressInitialValue));

    /// <summary>Runs <paramref name="callback"/> at the start of every collection (a failing one is logged and skipped: its metrics keep their last values).</summary>
    public void AddBeforeCollectCallback(Action callback)
    {
        lock (_lock)
            _beforeCollect = [.. _beforeCollect, callback];
    }

    /// <summary>Collects every family now, for <paramref name="readers"/> scrapes that each release the snapshot once written.</summary>
    public ExpositionSnapshot Collect(bool openMetrics, int readers = 1)
    {
        foreach (var callback in Volatile.Read(ref _beforeCollect))
        {
            try
            {
                callback();
            }
            catch (Exception ex)
            {
                // A gauge that cannot be read is never worth failing the scrape.
                if (logger is not null)
                    LogCallbackFailed(logger, ex);
            }
        }

        var buffer = new ExpositionBuffer(Volatile.Read(ref _sizeHint));
        foreach (var family in Volatile.Read(ref _families))
            family.WriteTo(buffer, openMetrics);
        if (openMetrics)
            buffer.Write(EndOfFile);
        Volatile.Write(ref _sizeHint, buffer.Length + 1024);
        return new ExpositionSnapshot(buffer.Detach(), buffer.Length, readers);
    }

    /// <summary>The families' exposition as a string (tests, diagnostics).</summary>
    public string CollectText(bool openMetrics = false)
    {
        var snapshot = Collect(openMetrics);
        try
        {
            return System.Text.Encoding.UTF8.GetString(snapshot.Content.Span);
        }
        finally
        {
            snapshot.Release();
        }
    }

    private TFamily GetOrAdd<TFamily>(string name, string[]? labelNames, Func<TFamily> create)
        where TFamily : MetricFamily
    {
        lock (_lock)
        {
            foreach (var existing in _families)
            {
                if (existing.Name != name)
                    continue;
                // The same declaration twice is the same family (as with prometheus-net); anything else is a mistake.
                if (existing is TFamily same && same.LabelNames.AsSpan().SequenceEqual(labelNames ?? []))
                    return same;
                throw new InvalidOperationException($"Metric '{name}' is already declared as a {existing.Type} with labels [{string.Join(", ", existing.LabelNames)}].");
            }

            var family = create();
            _families = [.. _families, family];
            return family;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A metrics callback failed; its metrics are served as last read")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
