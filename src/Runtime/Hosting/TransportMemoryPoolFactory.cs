using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Bunbase.Runtime.Hosting;

/// <summary>Gives Kestrel and its socket transport <see cref="TransportMemoryPool"/>s instead of its own 4 KiB-block pools.</summary>
internal sealed class TransportMemoryPoolFactory(TimeProvider time) : IMemoryPoolFactory<byte>
{
    /// <summary>
    /// 32 KiB: with 64 KiB blocks uploads were no faster, and 16 KiB receives are still four times as many
    /// (<c>benchmarks/results/2026-12-06-transport-blocks.md</c>). Under the large object heap's threshold.
    /// </summary>
    internal const int BlockSize = 32 * 1024;

    /// <summary>How often blocks left idle are given back, as Kestrel's own pool does.</summary>
    internal static readonly TimeSpan EvictionInterval = TimeSpan.FromSeconds(10);

    private int _created;

    /// <summary>How many pools the server has asked for.</summary>
    internal int PoolsCreated => Volatile.Read(ref _created);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        Interlocked.Increment(ref _created);
        return new TransportMemoryPool(BlockSize, time, EvictionInterval);
    }
}
