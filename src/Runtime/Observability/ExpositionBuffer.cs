using System.Buffers;

namespace Bunbase.Runtime.Observability;

/// <summary>A growing UTF-8 buffer rented from the shared pool: one scrape's exposition is written into it synchronously.</summary>
internal sealed class ExpositionBuffer
{
    private byte[] _buffer;

    public ExpositionBuffer(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int Length { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    public void Write(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void WriteValue(double value, bool openMetrics) =>
        Length += PrometheusNumber.Write(value, Reserve(PrometheusNumber.MaxLength), openMetrics);

    public void WriteValue(long value) =>
        Length += PrometheusNumber.Write(value, Reserve(PrometheusNumber.MaxLength));

    /// <summary>Hands the rented array (and the duty to return it) to the caller.</summary>
    public byte[] Detach()
    {
        var buffer = _buffer;
        _buffer = [];
        return buffer;
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(Length);
    }
}
