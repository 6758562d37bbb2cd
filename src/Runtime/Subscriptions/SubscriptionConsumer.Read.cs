using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Subscriptions;

/// <content>
/// The reader: one batch at a time. A batch is read after the lowest position of the partitions held,
/// at most <c>batchSize</c> events and never past the next checkpoint; once it is handled, every
/// partition read is handled up to the batch's last position (or up to the head read before it, when
/// the batch was not full: every event up to the head was visible to the read).
/// After a full batch the next one is read while it is handled (<see cref="PrefetchedRead"/>).
/// </content>
internal sealed partial class SubscriptionConsumer
{
    /// <summary>Reads and handles until <paramref name="stopReading"/>; the batch in flight then finishes unless <paramref name="abort"/> fires.</summary>
    public async Task ReadAsync(CancellationToken stopReading, CancellationToken abort)
    {
        var failures = 0;
        while (!stopReading.IsCancellationRequested)
        {
            bool idle;
            try
            {
                await ReleaseSurplusAsync(abort).ConfigureAwait(false);
                await RetryDeadLettersAsync(abort).ConfigureAwait(false);
                idle = await ReadBatchAsync(abort).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (failures++ == 0)
                    LogReadFailed(_logger, _plan.Name, ex);
                idle = true;
            }

            if (idle)
            {
                try
                {
                    await _signals.WaitAsync(_plan.Name, failures > 0 ? TimeSpan.FromMilliseconds(Math.Min(5_000, 100 << Math.Min(failures, 6))) : Poll, stopReading).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One batch; true when it caught up (nothing more to read now).</summary>
    private async Task<bool> ReadBatchAsync(CancellationToken abort)
    {
        int[] owned;
        long from;
        Dictionary<int, long> handled;
        int limit;
        lock (_gate)
        {
            if (_handled.Count == 0)
                return true;
            owned = [.. _handled.Keys.Order()];
            handled = new Dictionary<int, long>(_handled);
            from = _handled.Values.Min();
            limit = Math.Max(1, Math.Min(_options.BatchSize, _options.CheckpointEvery - _unsaved));
        }

        var (head, events) = await ReadEventsAsync(owned, from, limit, abort).ConfigureAwait(false);
        var fresh = events.Where(e => e.GlobalPosition > handled[_plan.PartitionOf(e)]).ToList();
        if (events.Count == limit)
            Prefetch(owned, events[^1].GlobalPosition, fresh.Count, abort);
        if (fresh.Count > 0)
            await DeliverAsync(fresh, abort).ConfigureAwait(false);

        var full = events.Count == limit;
        var reached = full ? events[^1].GlobalPosition : Math.Max(head, events.Count > 0 ? events[^1].GlobalPosition : 0);
        bool due;
        lock (_gate)
        {
            foreach (var partition in owned)
            {
                if (_handled.TryGetValue(partition, out var position) && reached > position)
                    _handled[partition] = reached;
            }

            _unsaved += fresh.Count;
            due = _unsaved >= _options.CheckpointEvery || (!full && _handled.Any(p => _saved.TryGetValue(p.Key, out var saved) && saved < p.Value));
        }

        if (due)
            await CheckpointAsync(abort).ConfigureAwait(false);
        return !full;
    }

    /// <summary>The prefetched read when it is the one asked for, else a read now.</summary>
    private Task<(long Head, IReadOnlyList<StoredEvent> Events)> ReadEventsAsync(int[] owned, long from, int limit, CancellationToken abort)
    {
        var ahead = _prefetched;
        _prefetched = null;
        return ahead is not null && ahead.Matches(owned, from, limit) ? ahead.Read : _store.ReadAsync(_plan, owned, from, limit, abort);
    }

    /// <summary>After a full batch: reads the next one (after its last position, with the limit it will have) while this one is handled.</summary>
    private void Prefetch(int[] owned, long after, int freshCount, CancellationToken abort)
    {
        int limit;
        lock (_gate)
        {
            var unsaved = _unsaved + freshCount;
            if (unsaved >= _options.CheckpointEvery)
                unsaved = 0;
            limit = Math.Max(1, Math.Min(_options.BatchSize, _options.CheckpointEvery - unsaved));
        }

        var read = _store.ReadAsync(_plan, owned, after, limit, abort);
        // A dropped read's failure is nobody's concern; a used one's is thrown where it is awaited.
        _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _prefetched = new PrefetchedRead(owned, after, limit, read);
    }

    /// <summary>Saves the positions that moved; a partition the store says is no longer ours is dropped.</summary>
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<int, long>> moved;
        lock (_gate)
        {
            moved = [.. _handled.Where(p => !_saved.TryGetValue(p.Key, out var saved) || saved < p.Value)];
            _unsaved = 0;
        }

        var kept = (await _store.SaveAsync(_plan.Name, Member, moved, release: false, cancellationToken).ConfigureAwait(false)).ToHashSet();
        lock (_gate)
        {
            foreach (var (partition, position) in moved)
            {
                if (kept.Contains(partition))
                {
                    _saved[partition] = position;
                }
                else if (_handled.Remove(partition))
                {
                    _saved.Remove(partition);
                    LogLost(_logger, _plan.Name, partition);
                }
            }
        }
    }

    /// <summary>
    /// Each stream's events in order, streams in parallel up to <c>subscriptions.concurrency</c>. A stream is started
    /// on this thread and only one that waits (a handler doing I/O) takes a slot: quick handlers run inline, without
    /// a thread-pool hop per stream.
    /// </summary>
    private async Task DeliverAsync(List<StoredEvent> events, CancellationToken abort)
    {
        var streams = events.GroupBy(e => e.Stream, StringComparer.Ordinal);
        var running = new List<Task>(_options.Concurrency);
        try
        {
            foreach (var stream in streams)
            {
                abort.ThrowIfCancellationRequested();
                var delivery = DeliverStreamAsync(stream, abort);
                if (delivery.IsCompleted)
                {
                    await delivery.ConfigureAwait(false);
                    continue;
                }

                running.Add(delivery);
                if (running.Count >= _options.Concurrency)
                {
                    var done = await Task.WhenAny(running).ConfigureAwait(false);
                    running.Remove(done);
                    await done.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Never leave a stream's delivery running behind the batch (its position must not move before it ends).
            await Task.WhenAll(running).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task DeliverStreamAsync(IEnumerable<StoredEvent> stream, CancellationToken abort)
    {
        foreach (var stored in stream)
            await DeliverOrParkAsync(stored, abort).ConfigureAwait(false);
    }

    private async Task DeliverOrParkAsync(StoredEvent stored, CancellationToken abort)
    {
        if (await DeliverAsync(stored, abort).ConfigureAwait(false) is { } failure)
            await ParkAsync(stored, failure, abort).ConfigureAwait(false);
    }

    private async Task ParkAsync(StoredEvent stored, DeliveryFailure failure, CancellationToken abort)
    {
        await _store.ParkAsync(_plan.Name, stored, _plan.PartitionOf(stored), failure.Error, failure.Attempts, abort).ConfigureAwait(false);
        LogParked(_logger, _plan.Name, stored.Id, stored.Stream, failure.Attempts, failure.Error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription}: reading events failed; trying again shortly")]
    private static partial void LogReadFailed(ILogger logger, string subscription, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription {Subscription}: event {EventId} of {Stream} parked in the dead letters after {Attempts} attempt(s): {Error}")]
    private static partial void LogParked(ILogger logger, string subscription, Guid eventId, string stream, int attempts, string error);
}
