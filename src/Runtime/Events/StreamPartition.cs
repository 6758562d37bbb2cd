using System.Text;

namespace Bunbase.Runtime.Events;

/// <summary>
/// The stable hash that spreads streams over consumers: FNV-1a (32-bit) of the stream name's UTF-8
/// bytes, masked to a non-negative <see cref="int"/>. Stored with every event (<c>partition_key</c>);
/// the same on every instance, platform and run (unlike <see cref="string.GetHashCode()"/>).
/// </summary>
internal static class StreamPartition
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static int Of(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(stream.Length, 256))];
        var bytes = stream.Length <= 256 ? buffer[..Encoding.UTF8.GetBytes(stream, buffer)] : Encoding.UTF8.GetBytes(stream);
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }

        return (int)(hash & 0x7fffffff);
    }
}
