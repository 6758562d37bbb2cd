using System.Buffers;
using System.Collections.Concurrent;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// The memory pool Kestrel's socket transport receives into and writes responses from: pinned blocks of one size, reused,
/// and given back to the garbage collector when they have been idle for a while.
/// </summary>
/// <remarks>
/// The transport receives into one block per <c>recv</c> and hands each block through the connection's pipe, so the block
/// size sets how many receives a large body takes. Kestrel's own pool has 4 KiB blocks: a 100 MB upload is about 25,000
/// receives, and the server's CPU for it was twice what it is with 32 KiB blocks (<c>benchmarks/results/2026-12-06-transport-blocks.md</c>).
/// A connection waiting for a request holds no block (Kestrel waits for data before it rents one), so idle connections cost
/// nothing more; a small request or response touches only the pages it uses of its block.
/// </remarks>
internal sealed class TransportMemoryPool : MemoryPool<byte>
{
    private readonly int _blockSize;
    private readonly ConcurrentQueue<Block> _free = new();
    private readonly ITimer _eviction;
    private int _rented;
    private int _peakRented;
    private volatile bool _disposed;

    /// <param name="blockSize">The size of every block, in bytes.</param>
    /// <param name="time">The clock of the idle eviction.</param>
    /// <param name="evictionInterval">How often blocks left unused since the last look are released.</param>
    public TransportMemoryPool(int blockSize, TimeProvider time, TimeSpan evictionInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 4096);
        _blockSize = blockSize;
        _eviction = time.CreateTimer(static pool => ((TransportMemoryPool)pool!).EvictIdle(), this, evictionInterval, evictionInterval);
    }

    public override int MaxBufferSize => _blockSize;

    /// <summary>Blocks kept for reuse, not rented.</summary>
    internal int FreeBlocks => _free.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > _blockSize)
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"The pool's blocks hold {_blockSize} bytes.");
        ObjectDisposedException.ThrowIf(_disposed, this);

        var rented = Interlocked.Increment(ref _rented);
        // The peak is only read by the eviction; a lost race under-counts it by one block for one interval.
        if (rented > Volatile.Read(ref _peakRented))
            Volatile.Write(ref _peakRented, rented);

        return _free.TryDequeue(out var block)
            ? block
            : new Block(this, GC.AllocateUninitializedArray<byte>(_blockSize, pinned: true));
    }

    private void Return(Block block)
    {
        Interlocked.Decrement(ref _rented);
        if (_disposed)
            return; // left to the garbage collector

        _free.Enqueue(block);
    }

    /// <summary>
    /// Releases the free blocks the last interval did not need: the pool keeps, rented and free together, as many blocks as
    /// were rented at once at that interval's peak.
    /// </summary>
    internal void EvictIdle()
    {
        var rented = Volatile.Read(ref _rented);
        var peak = Interlocked.Exchange(ref _peakRented, rented);
        var unneeded = _free.Count - Math.Max(0, peak - rented);
        for (; unneeded > 0 && _free.TryDequeue(out _); unneeded--)
        {
            // dropped: the garbage collector takes the block
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        _eviction.Dispose();
        _free.Clear();
    }

    private sealed class Block(TransportMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = array;

        public void Dispose() => pool.Return(this);
    }
}
