using System.Collections.Concurrent;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// The jobs this process holds a lease on: running, or finished with their completion or failure not
/// yet written. The heartbeat extends them all; shutdown releases those not failed.
/// </summary>
internal sealed class InFlightJobs
{
    private readonly ConcurrentDictionary<Guid, JobHold> _jobs = new();

    public int Count => _jobs.Count;

    public void Add(Guid id) => _jobs[id] = JobHold.Running;

    /// <summary>The job ended (<see cref="JobHold.Completed"/> or <see cref="JobHold.Failed"/>); it stays held until that is written.</summary>
    public void Finished(Guid id, JobHold how) => _jobs[id] = how;

    public void Remove(Guid id) => _jobs.TryRemove(id, out _);

    /// <summary>Whether the job is still running here: a lease it lost was lost to a stall, not to a write of ours.</summary>
    public bool IsRunning(Guid id) => _jobs.TryGetValue(id, out var hold) && hold == JobHold.Running;

    public Guid[] Snapshot() => [.. _jobs.Keys];

    /// <summary>The jobs to hand back at shutdown: all but failed ones, whose attempt must count (their leases expire instead).</summary>
    public Guid[] Releasable() => [.. _jobs.Where(j => j.Value != JobHold.Failed).Select(j => j.Key)];
}
