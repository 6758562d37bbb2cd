namespace Bunbase.Runtime.Observability;

/// <summary>One gauge series: a value that is set, or goes up and down.</summary>
internal sealed class GaugeSeries(byte[] prefix) : MetricSeries
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value)
    {
        Volatile.Write(ref _value, value);
        Publish();
    }

    public void Inc(double increment = 1)
    {
        AtomicDouble.Add(ref _value, increment);
        Publish();
    }

    public void Dec(double decrement = 1) => Inc(-decrement);

    internal override void WriteTo(ExpositionBuffer buffer, bool openMetrics)
    {
        buffer.Write(prefix);
        buffer.WriteValue(Value, openMetrics);
        buffer.Write((byte)'\n');
    }
}
