namespace Bunbase;

/// <summary>Bytes <see cref="From"/> to <see cref="To"/> of an object, both included (HTTP's <c>bytes=From-To</c>).</summary>
/// <param name="From">The first byte, from 0.</param>
/// <param name="To">The last byte; null for the end of the object.</param>
public readonly record struct ByteRange(long From, long? To = null)
{
    /// <summary>The number of bytes the range holds in an object of <paramref name="length"/> bytes.</summary>
    public long LengthIn(long length) => Math.Max(0, Math.Min(To ?? long.MaxValue, length - 1) - From + 1);
}
