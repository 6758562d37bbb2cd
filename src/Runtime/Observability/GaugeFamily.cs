namespace Bunbase.Runtime.Observability;

/// <summary>A gauge family.</summary>
internal sealed class GaugeFamily(string name, string help, string[] labelNames)
    : MetricFamily<GaugeSeries>(name, help, labelNames, "gauge", suppressInitialValue: false)
{
    private protected override GaugeSeries Create(string[] labelValues) =>
        new(SeriesNames.Prefix(Name, LabelNames, labelValues));
}
