using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Checks every replica each <c>database.replicaCheckIntervalMs</c>: reachable, still a standby,
/// and no more than <c>database.maxReplicaLagMs</c> behind. Lag is measured against the primary's
/// own WAL positions, sampled at each check: a replica that has replayed what the primary had
/// written at time <c>t</c> is at most <c>now - t</c> stale. Unlike replay timestamps, this stays
/// right when the primary is idle and when the replica has lost its connection to the primary.
/// </summary>
internal sealed partial class ReplicaMonitor(Database database, DatabaseOptions options, TimeProvider clock, ILogger<ReplicaMonitor> logger) : BackgroundService
{
    private readonly Queue<(long At, ulong Position)> _primaryPositions = new();

    /// <summary>
    /// A check given up at its timeout whose command still waits on its server (a hung one answers nothing): until it
    /// ends, no other is sent there, since each would only queue behind it (one more each round for as long as the
    /// server hangs, every one of them in flight when the pool closes).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, Task> _unanswered = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Replicas.Length == 0
            ? Task.CompletedTask
            : Periodic.RunAsync(TimeSpan.FromMilliseconds(options.ReplicaCheckIntervalMs), clock, CheckOnceAsync, ex => LogRoundFailed(logger, ex), runAtStart: true, stoppingToken);

    /// <summary>One round: sample the primary, then check each replica against the samples.</summary>
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(options.ReplicaCheckIntervalMs * 2, 500, 5_000));
        var primaryKnown = await SamplePrimaryAsync(timeout, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(database.Replicas.Select(r => CheckAsync(r, primaryKnown, timeout, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<bool> SamplePrimaryAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var text = await Bounded(database, ReadPrimaryPositionAsync, limit.Token).ConfigureAwait(false);
            var now = clock.GetTimestamp();
            _primaryPositions.Enqueue((now, WalPosition.Parse(text)));
            // Keep samples for a little longer than the lag we tolerate.
            var horizon = now - (long)(clock.TimestampFrequency * (options.MaxReplicaLagMs + (2.0 * options.ReplicaCheckIntervalMs)) / 1000);
            while (_primaryPositions.Count > 2 && _primaryPositions.Peek().At < horizon)
                _primaryPositions.Dequeue();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Without the primary, lag cannot be measured; replicas keep their last verdict on lag.
            return false;
        }
    }

    private async Task CheckAsync(Replica replica, bool primaryKnown, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        ReplicaStatus status;
        try
        {
            var (inRecovery, replayed) = await Bounded(replica, token => ReadReplayPositionAsync(replica, token), limit.Token).ConfigureAwait(false);
            if (!inRecovery)
                status = new ReplicaStatus(ReplicaState.NotStandby, null, "not a standby (promoted?): reads stay on the primary");
            else if (primaryKnown)
                status = Judge(replayed);
            else
                status = replica.Serves ? replica.Status : new ReplicaStatus(ReplicaState.Lagging, null, "lag unknown while the primary does not answer");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            status = new ReplicaStatus(ReplicaState.Down, null, ex is OperationCanceledException ? "no answer within " + timeout.TotalMilliseconds + " ms" : ex.Message);
        }

        var before = replica.Status.State;
        replica.Update(status);
        if (before != status.State && !(before == ReplicaState.Unchecked && status.State == ReplicaState.Serving))
            LogChange(logger, replica.Description, status.State, status.Detail);
    }

    private async Task<string> ReadPrimaryPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = database.PrimarySource.CreateCommand("select pg_current_wal_lsn()::text");
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<(bool InRecovery, ulong? Replayed)> ReadReplayPositionAsync(Replica replica, CancellationToken cancellationToken)
    {
        await using var command = replica.Source.CreateCommand("select pg_is_in_recovery(), pg_last_wal_replay_lsn()::text");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : WalPosition.Parse(reader.GetString(1)));
    }

    /// <summary>
    /// Runs <paramref name="check"/> against <paramref name="server"/> and stops waiting for it at <paramref name="timeout"/>'s
    /// cancellation. A multiplexed command does not stop at its token (nor does one queued behind the pool's connection
    /// attempts), so a hung server would hold the check, and the replica's verdict, for the connect timeout or longer.
    /// While a check given up on is still unanswered, none is sent: this one fails at once, as if timed out.
    /// </summary>
    private async Task<T> Bounded<T>(object server, Func<CancellationToken, Task<T>> check, CancellationToken timeout)
    {
        if (_unanswered.TryGetValue(server, out var last))
        {
            if (!last.IsCompleted)
                throw new TimeoutException("the last check has had no answer yet");
            _unanswered.TryRemove(server, out _);
        }

        var running = check(timeout);
        try
        {
            return await running.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!running.IsCompleted)
        {
            _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _unanswered[server] = running;
            throw;
        }
    }

    private ReplicaStatus Judge(ulong? replayed)
    {
        if (replayed is not { } position)
            return new ReplicaStatus(ReplicaState.Lagging, null, "has not replayed any WAL yet");
        var now = clock.GetTimestamp();
        long? freshAt = null;
        foreach (var (at, primaryPosition) in _primaryPositions)
        {
            if (primaryPosition <= position)
                freshAt = at;
        }

        // Behind even the oldest sample kept: at least that old.
        var lagMs = (now - (freshAt ?? _primaryPositions.Peek().At)) * 1000.0 / clock.TimestampFrequency;
        return freshAt is not null && lagMs <= options.MaxReplicaLagMs
            ? new ReplicaStatus(ReplicaState.Serving, lagMs, $"lag at most {lagMs:0} ms")
            : new ReplicaStatus(ReplicaState.Lagging, lagMs, $"lag at least {lagMs:0} ms (limit {options.MaxReplicaLagMs} ms)");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Read replica check failed; trying again at the next interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read replica {Replica} is now {State}: {Detail}")]
    private static partial void LogChange(ILogger logger, string replica, ReplicaState state, string detail);
}
