using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// One read replica and what the last check found. Reads use it only while it is
/// <see cref="ReplicaState.Serving"/>: it starts unproven, and a failed read takes it out at once.
/// </summary>
internal sealed class Replica(NpgsqlDataSource source, string description) : IAsyncDisposable
{
    private volatile ReplicaStatus _status = new(ReplicaState.Unchecked, null, "not checked yet");

    public NpgsqlDataSource Source { get; } = source;

    /// <summary><c>host:port/database</c>.</summary>
    public string Description { get; } = description;

    public ReplicaStatus Status => _status;

    public bool Serves => _status.State == ReplicaState.Serving;

    public void Update(ReplicaStatus status) => _status = status;

    /// <summary>A read failed on this replica: stop using it until the next check finds it healthy.</summary>
    public void MarkDown(string reason) => _status = new ReplicaStatus(ReplicaState.Down, null, reason);

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}

/// <summary>What a replica check found.</summary>
/// <param name="State">Whether the replica serves reads, and if not why.</param>
/// <param name="LagMs">An upper bound of its staleness, when known.</param>
/// <param name="Detail">A human-readable explanation for health output and logs.</param>
internal sealed record ReplicaStatus(ReplicaState State, double? LagMs, string Detail);

/// <summary>Why a replica does or does not serve reads.</summary>
internal enum ReplicaState
{
    Unchecked,
    Serving,
    Lagging,
    Down,
    NotStandby,
}
