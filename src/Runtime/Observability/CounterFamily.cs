namespace Bunbase.Runtime.Observability;

/// <summary>A counter family.</summary>
internal sealed class CounterFamily(string name, string help, string[] labelNames, bool suppressInitialValue)
    : MetricFamily<CounterSeries>(name, help, labelNames, "counter", suppressInitialValue)
{
    private protected override CounterSeries Create(string[] labelValues) =>
        new(SeriesNames.Prefix(Name, LabelNames, labelValues));
}
