namespace Bunbase.Runtime.Observability;

/// <summary>One metric family of a <see cref="MetricRegistry"/>: its declaration and its series, served in the order they were created.</summary>
internal abstract class MetricFamily
{
    private readonly byte[] _declaration;
    private readonly byte[] _openMetricsDeclaration;

    private protected MetricFamily(string name, string help, string[] labelNames, string type)
    {
        SeriesNames.Validate(name, labelNames);
        Name = name;
        LabelNames = labelNames;
        Type = type;
        _declaration = SeriesNames.Declaration(name, help, type);

        // OpenMetrics names a counter's family without the _total of its samples; one without it is out of spec, so unknown.
        _openMetricsDeclaration = type != "counter" ? _declaration
            : name.EndsWith("_total", StringComparison.Ordinal) ? SeriesNames.Declaration(name[..^6], help, type)
            : SeriesNames.Declaration(name, help, "unknown");
    }

    public string Name { get; }

    public string[] LabelNames { get; }

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    internal void WriteTo(ExpositionBuffer buffer, bool openMetrics)
    {
        buffer.Write(openMetrics ? _openMetricsDeclaration : _declaration);
        WriteSeries(buffer, openMetrics);
    }

    private protected abstract void WriteSeries(ExpositionBuffer buffer, bool openMetrics);
}
