using System.Buffers;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// One collection's exposition, shared by the scrapes that waited for it. Its buffer goes back to
/// the pool when the last of them has written it (each calls <see cref="Release"/> once).
/// </summary>
internal sealed class ExpositionSnapshot(byte[] buffer, int length, int readers)
{
    private int _readers = readers;

    public ReadOnlyMemory<byte> Content { get; } = buffer.AsMemory(0, length);

    public void Release()
    {
        if (Interlocked.Decrement(ref _readers) == 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
