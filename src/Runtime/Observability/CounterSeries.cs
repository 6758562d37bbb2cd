namespace Bunbase.Runtime.Observability;

/// <summary>One counter series: a value that only goes up.</summary>
internal sealed class CounterSeries(byte[] prefix) : MetricSeries
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Inc(double increment = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(increment);
        AtomicDouble.Add(ref _value, increment);
        Publish();
    }

    /// <summary>Raises the counter to a total read elsewhere (CPU time, collections); a lower reading is ignored.</summary>
    public void IncTo(double total)
    {
        AtomicDouble.Max(ref _value, total);
        Publish();
    }

    internal override void WriteTo(ExpositionBuffer buffer, bool openMetrics)
    {
        buffer.Write(prefix);
        buffer.WriteValue(Value, openMetrics);
        buffer.Write((byte)'\n');
    }
}
