namespace Bunbase.Runtime.Observability;

/// <summary>A histogram family: every series has the same bucket bounds (<c>+Inf</c> is implied).</summary>
internal sealed class HistogramFamily : MetricFamily<HistogramSeries>
{
    private readonly double[] _upperBounds;

    public HistogramFamily(string name, string help, string[] labelNames, double[] upperBounds, bool suppressInitialValue)
        : base(name, help, labelNames, "histogram", suppressInitialValue)
    {
        if (Array.IndexOf(labelNames, "le") >= 0)
            throw new ArgumentException($"Histogram '{name}' cannot have a label named le.", nameof(labelNames));
        var bounds = upperBounds.Length > 0 && double.IsPositiveInfinity(upperBounds[^1]) ? upperBounds[..^1] : upperBounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (double.IsNaN(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                throw new ArgumentException($"The bucket bounds of histogram '{name}' must be increasing.", nameof(upperBounds));
        }

        _upperBounds = [.. bounds];
    }

    public IReadOnlyList<double> UpperBounds => _upperBounds;

    private protected override HistogramSeries Create(string[] labelValues) =>
        new(_upperBounds, new HistogramLines(Name, LabelNames, labelValues, _upperBounds));
}
