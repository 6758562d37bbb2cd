using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Subscriptions;

/// <content>
/// The share: every third of a lease, a heartbeat (this instance is alive), the leases held extended,
/// and the share aimed at: ceil(partitions / live instances). Below it, free or expired partitions are
/// claimed; above it, the reader is asked to release the surplus after its batch.
/// </content>
internal sealed partial class SubscriptionConsumer
{
    public async Task KeepShareAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await BalanceAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                LogShareFailed(_logger, _plan.Name, ex);
            }

            await Task.Delay(Lease / 3, _clock, stop).ConfigureAwait(false);
        }
    }

    private async Task BalanceAsync(CancellationToken stop)
    {
        var members = _claiming ? await _store.HeartbeatAsync(_plan.Name, Member, Lease, stop).ConfigureAwait(false) : 0;
        var held = (await _store.ExtendLeasesAsync(_plan.Name, Member, Lease, stop).ConfigureAwait(false)).ToHashSet();
        int count;
        lock (_gate)
        {
            foreach (var lost in _handled.Keys.Where(p => !held.Contains(p)).ToList())
            {
                _handled.Remove(lost);
                _saved.Remove(lost);
                LogLost(_logger, _plan.Name, lost);
            }

            count = _handled.Count;
        }

        if (!_claiming)
            return;
        var target = (_plan.Partitions + members - 1) / Math.Max(1, members);
        if (count < target)
        {
            var claimed = await _store.ClaimAsync(_plan.Name, Member, Lease, target - count, stop).ConfigureAwait(false);
            if (claimed.Count == 0)
                return;
            lock (_gate)
            {
                _surplus = 0;
                foreach (var partition in claimed)
                {
                    _handled[partition.Partition] = partition.Position;
                    _saved[partition.Partition] = partition.Position;
                }
            }

            LogClaimed(_logger, _plan.Name, claimed.Count, members);
            _signals.Wake(_plan.Name);
        }
        else
        {
            lock (_gate)
                _surplus = count - target;
            if (count > target)
                _signals.Wake(_plan.Name);
        }
    }

    /// <summary>Gives up the surplus the share asked for: positions saved, leases dropped (the batch in flight has finished).</summary>
    private async Task ReleaseSurplusAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<int, long>> release;
        lock (_gate)
        {
            if (_surplus <= 0)
                return;
            release = [.. _handled.OrderByDescending(p => p.Key).Take(_surplus)];
            _surplus = 0;
        }

        await _store.SaveAsync(_plan.Name, Member, release, release: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var (partition, _) in release)
            {
                _handled.Remove(partition);
                _saved.Remove(partition);
            }
        }

        LogReleased(_logger, _plan.Name, release.Count);
    }

    /// <summary>Shutdown: positions saved and every partition released for the other instances, then this instance leaves.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<int, long>> held;
        lock (_gate)
            held = [.. _handled];
        await _store.SaveAsync(_plan.Name, Member, held, release: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _handled.Clear();
            _saved.Clear();
        }

        await _store.LeaveAsync(_plan.Name, Member, cancellationToken).ConfigureAwait(false);
        if (held.Count > 0)
            LogReleased(_logger, _plan.Name, held.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Subscription}: took {Count} partition(s) ({Members} instance(s))")]
    private static partial void LogClaimed(ILogger logger, string subscription, int count, int members);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Subscription}: released {Count} partition(s)")]
    private static partial void LogReleased(ILogger logger, string subscription, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription}: partition {Partition} was lost (this process stalled longer than subscriptions.leaseMs); its events may be handled again elsewhere")]
    private static partial void LogLost(ILogger logger, string subscription, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription}: heartbeat failed; trying again shortly")]
    private static partial void LogShareFailed(ILogger logger, string subscription, Exception exception);
}
