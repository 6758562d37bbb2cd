using System.Collections.Concurrent;

namespace Bunbase.Runtime.Queue;

/// <summary>The jobs this process holds a lease on (running, or completed but not yet deleted): the heartbeat extends them, shutdown releases them.</summary>
internal sealed class InFlightJobs
{
    private readonly ConcurrentDictionary<Guid, byte> _jobs = new();

    public int Count => _jobs.Count;

    public void Add(Guid id) => _jobs.TryAdd(id, 0);

    public void Remove(Guid id) => _jobs.TryRemove(id, out _);

    public Guid[] Snapshot() => [.. _jobs.Keys];
}
