namespace Bunbase.Runtime.Observability;

/// <summary>One series (a family's label values) and the lines it writes.</summary>
internal abstract class MetricSeries
{
    private volatile bool _published;

    /// <summary>Served from the first scrape on; a series created with its initial value suppressed waits for its first update.</summary>
    internal bool IsPublished => _published;

    internal void Publish()
    {
        // Read first: after the first update the cache line stays shared instead of being written on every one.
        if (!_published)
            _published = true;
    }

    internal abstract void WriteTo(ExpositionBuffer buffer, bool openMetrics);
}
