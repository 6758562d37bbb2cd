namespace Bunbase.Runtime.Observability;

/// <summary>
/// The request series of one route label: a child per method and status, created on first use and
/// then found by a scan of a few entries (copy-on-write, so the hot path takes no lock).
/// </summary>
internal sealed class RouteSeries(string route, RuntimeMetrics? metrics)
{
    private readonly Lock _lock = new();
    private Entry[] _entries = [];

    public string Route { get; } = route;

    /// <summary>Records one request (when metrics are on) and returns its series entry.</summary>
    public Entry Record(string method, int status, double elapsedMs)
    {
        var entry = Find(method, status) ?? Add(method, status);
        if (entry.Requests is not null)
        {
            entry.Requests.Inc();
            entry.Duration!.Observe(elapsedMs);
        }

        return entry;
    }

    private Entry? Find(string method, int status)
    {
        foreach (var entry in Volatile.Read(ref _entries))
        {
            if (entry.Status == status && ReferenceEquals(entry.Method, method))
                return entry;
        }

        return null;
    }

    private Entry Add(string method, int status)
    {
        lock (_lock)
        {
            if (Find(method, status) is { } existing)
                return existing;
            var entry = new Entry(
                method,
                status,
                metrics?.HttpRequests.WithLabels(method, Route, HttpLabels.Status(status)),
                metrics?.HttpRequestDuration.WithLabels(method, Route),
                Route[0] == '/' ? method + " " + Route : method);
            Volatile.Write(ref _entries, [.. _entries, entry]);
            return entry;
        }
    }

    /// <summary>One method and status of the route: its children and the name of its requests' spans.</summary>
    internal sealed record Entry(string Method, int Status, CounterSeries? Requests, HistogramSeries? Duration, string SpanName);
}
