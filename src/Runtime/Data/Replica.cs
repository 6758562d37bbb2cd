using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// One read replica and what the last check found. Reads use it only while it is
/// <see cref="ReplicaState.Serving"/>: it starts unproven, and a failed read takes it out at once.
/// </summary>
internal sealed class Replica(NpgsqlDataSource source, string description) : IAsyncDisposable
{
    private volatile ReplicaStatus _status = new(ReplicaState.Unchecked, null, "not checked yet");
    private volatile CancellationTokenSource _serving = new();

    public NpgsqlDataSource Source { get; } = source;

    /// <summary><c>host:port/database</c>.</summary>
    public string Description { get; } = description;

    public ReplicaStatus Status => _status;

    public bool Serves => _status.State == ReplicaState.Serving;

    /// <summary>
    /// Cancelled when the replica stops serving. Reads already waiting on it stop waiting then and go to the
    /// primary: when a replica hangs, Npgsql's multiplexing opens its connections one at a time, so reads
    /// queued behind each other's connection attempts would otherwise each wait in turn (a burst of N reads,
    /// the last about N times <c>database.connectTimeoutMs</c>), long after the first failure found it down.
    /// </summary>
    public CancellationToken Serving => _serving.Token;

    public void Update(ReplicaStatus status)
    {
        if (status.State != ReplicaState.Serving)
        {
            _status = status;
            _serving.Cancel();
            return;
        }

        // A fresh token before the replica serves again; the old one is only cancelled, never disposed, as readers may still hold it.
        if (_serving.IsCancellationRequested)
            _serving = new CancellationTokenSource();
        _status = status;
    }

    /// <summary>A read failed on this replica: stop using it until the next check finds it healthy.</summary>
    public void MarkDown(string reason) => Update(new ReplicaStatus(ReplicaState.Down, null, reason));

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
