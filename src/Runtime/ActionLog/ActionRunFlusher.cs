using System.Diagnostics;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// Drains <see cref="ActionRunLog"/> into its store, one flush at a time: as soon as
/// <c>persistence.maxBufferSize</c> records wait, or <c>persistence.flushIntervalMs</c> after the
/// oldest arrived. A failed flush keeps its batch and tries it again with backoff (never
/// dropping it, never writing it twice: see <see cref="IActionRunStore.WriteAsync"/>); meanwhile
/// new records fill the bounded buffer, and those that find it full are dropped and counted.
/// On shutdown (registered before the queue, so stopped after it) it writes everything left,
/// retrying until the host's shutdown timeout; only then is a batch given up, counted as dropped.
/// </summary>
internal sealed partial class ActionRunFlusher(
    ActionRunLog log,
    IActionRunStore store,
    RunPayloads payloads,
    PersistenceOptions options,
    TimeProvider clock,
    ILogger<ActionRunFlusher> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);
    private const int RetentionBatch = 5_000;

    /// <summary>Attempts of a batch the database refuses (as opposed to cannot be reached) before its rows are written one by one.</summary>
    private const int RejectedAttemptsBeforeSplit = 3;

    private readonly CancellationTokenSource _abandon = new();
    private readonly CancellationTokenSource _stopIndexing = new();
    private Task? _indexing;
    private Task? _flushing;
    private Task? _retention;
    private long _droppedLogged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        _flushing = Task.Run(() => FlushLoopAsync(_abandon.Token), CancellationToken.None);
        _retention = Task.Run(() => RetentionLoopAsync(_abandon.Token), CancellationToken.None);
        _indexing = Task.Run(() => EnsureIndexesAsync(_stopIndexing.Token), CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An index build still running is cancelled (the next start finishes it).</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopIndexing.CancelAsync().ConfigureAwait(false);
        if (_indexing is not null)
            await _indexing.ConfigureAwait(false);
    }

    /// <summary>Nothing yet: requests and jobs may still be finishing, and their runs are recorded.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Shutdown, last phase (after every service's StopAsync: the web server has finished its requests and
    /// the workers their jobs): closes the buffer and waits for the last flush; when the host's timeout
    /// fires, the batch in hand is abandoned (and counted).
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        log.Close();
        if (_flushing is null)
            return;
        using (cancellationToken.Register(() => _abandon.Cancel()))
            await _flushing.ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);
        if (_retention is not null)
            await _retention.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _abandon.CancelAsync().ConfigureAwait(false);
        await _stopIndexing.CancelAsync().ConfigureAwait(false);
        if (_indexing is not null)
            await _indexing.ConfigureAwait(false);
        _abandon.Dispose();
        _stopIndexing.Dispose();
        await store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Never fails the app: the Studio's filters work without the indexes, only slower.</summary>
    private async Task EnsureIndexesAsync(CancellationToken stop)
    {
        try
        {
            await store.EnsureIndexesAsync(stop).ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Shutdown: an interrupted build leaves an invalid index, which the next start replaces.
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is "42P07" or "40P01" or "55P03" or "57014")
        {
            // Someone else's build of the same index (another instance outside our lock, an operator): theirs stands.
            LogIndexesContended(logger, ex.Message);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LogIndexesFailed(logger, ex.Message);
        }
    }

    private async Task FlushLoopAsync(CancellationToken abandon)
    {
        var reader = log.Reader;
        var batch = new List<ActionRunRecord>(options.MaxBufferSize);
        var interval = TimeSpan.FromMilliseconds(options.FlushIntervalMs);
        try
        {
            while (await reader.WaitToReadAsync(abandon).ConfigureAwait(false))
            {
                await WaitForBatchAsync(interval, abandon).ConfigureAwait(false);
                do
                {
                    while (batch.Count < options.MaxBufferSize && reader.TryRead(out var record))
                        batch.Add(record);
                    await WriteWithRetriesAsync(batch, abandon).ConfigureAwait(false);
                    log.CountSettled(batch.Count);
                    batch.Clear();
                }
                while (reader.Count >= options.MaxBufferSize || (log.Closed && reader.Count > 0));

                ReportDrops();
            }
        }
        catch (Exception) when (abandon.IsCancellationRequested)
        {
            // Shutdown ran out of time: what was in hand or still buffered is lost, and counted.
            var lost = batch.Count;
            while (reader.TryRead(out _))
                lost++;
            if (lost > 0)
            {
                log.CountDropped(lost);
                LogAbandoned(logger, lost);
            }
        }
    }

    /// <summary>The first record starts the clock: returns when a full batch waits, the interval is up, or the log closed.</summary>
    private async Task WaitForBatchAsync(TimeSpan interval, CancellationToken abandon)
    {
        var since = clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(Math.Min(options.FlushIntervalMs, 20));
        while (log.Reader.Count < options.MaxBufferSize && !log.Closed && clock.GetElapsedTime(since) < interval && !log.TakeFlushRequest())
            await Task.Delay(pause, clock, abandon).ConfigureAwait(false);
    }

    private Task WriteWithRetriesAsync(List<ActionRunRecord> batch, CancellationToken abandon)
    {
        var rows = new StoredRun[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            rows[i] = ToRow(batch[i]);
        return WriteWithRetriesAsync(rows, abandon);
    }

    private Task WriteWithRetriesAsync(StoredRun row, CancellationToken abandon) => WriteWithRetriesAsync([row], abandon);

    private async Task WriteWithRetriesAsync(StoredRun[] rows, CancellationToken abandon)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await store.WriteAsync(rows, mayExist: attempt > 1, abandon).ConfigureAwait(false);
                RuntimeInstruments.ActionLogFlushDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                RuntimeInstruments.ActionLogFlushed.Add(rows.Length);
                if (attempt > 1)
                    LogRecovered(logger, rows.Length, attempt);
                return;
            }
            catch (Exception ex) when (!abandon.IsCancellationRequested)
            {
                RuntimeInstruments.ActionLogFlushFailures.Add(1);
                if (attempt == 1 || attempt % 20 == 0)
                    LogFlushFailed(logger, rows.Length, attempt, ex.Message);
                ReportDrops();

                // A batch the database keeps refusing would block the log for good: find the row(s) it refuses.
                if (attempt >= RejectedAttemptsBeforeSplit && store.Rejects(ex) && rows.Length > 1)
                {
                    foreach (var row in rows)
                        await WriteWithRetriesAsync(row, abandon).ConfigureAwait(false);
                    return;
                }

                if (attempt >= RejectedAttemptsBeforeSplit && store.Rejects(ex))
                {
                    log.CountDropped(1);
                    LogRowRefused(logger, rows[0].Action, rows[0].Id, ex.Message);
                    return;
                }

                var jittered = delay * (0.5 + (Random.Shared.NextDouble() / 2));
                await Task.Delay(jittered, clock, abandon).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
    }

    private StoredRun ToRow(ActionRunRecord record) => new()
    {
        Id = Uuid7.New(record.StartedAt), // made here, off the request's path
        Action = record.Action.Name,
        Trigger = record.Trigger.Name,
        Status = record.Status,
        HttpStatus = record.HttpStatus,
        DurationMs = record.DurationMs,
        TraceId = record.TraceId,
        SpanId = record.SpanId?.ToHexString(),
        UserId = WithoutNul(record.UserId),
        Attempt = record.Attempt,
        StartedAt = record.StartedAt,
        ErrorType = record.ErrorType,
        ErrorMessage = WithoutNul(record.ErrorMessage),
        Input = payloads.Serialize(record.Input),
        Output = payloads.Serialize(record.Output),
        Published = PublishedJson(record.Published),
    };

    private static string? PublishedJson(ChannelPublishes? published)
    {
        if (published is null)
            return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("count", published.Count);
            json.WriteStartArray("messages");
            foreach (var message in published.Messages)
            {
                json.WriteStartObject();
                json.WriteString("channel", message.Channel);
                json.WriteString("event", WithoutNul(message.Event));
                json.WriteNumber("id", message.Id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>PostgreSQL's text cannot hold NUL (and jsonb refuses <c>\u0000</c>, see <see cref="RunPayloads"/>).</summary>
    private static string? WithoutNul(string? text) =>
        text is not null && text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    /// <summary>Drops happen on the request path, which never logs: they are reported here, once per change.</summary>
    private void ReportDrops()
    {
        var dropped = log.Dropped;
        if (dropped == _droppedLogged)
            return;
        LogDropped(logger, dropped - _droppedLogged, dropped, options.BufferCapacity);
        _droppedLogged = dropped;
    }

    /// <summary>Deletes runs older than <c>persistence.retentionDays</c>, a small batch at a time (short transactions, no long locks), at start and hourly.</summary>
    private async Task RetentionLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var cutoff = clock.GetUtcNow().AddDays(-options.RetentionDays);
                    int deleted;
                    do
                    {
                        deleted = await store.DeleteStartedBeforeAsync(cutoff, RetentionBatch, stopping).ConfigureAwait(false);
                        if (deleted == RetentionBatch)
                            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, stopping).ConfigureAwait(false);
                    }
                    while (deleted == RetentionBatch);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    LogRetentionFailed(logger, ex.Message);
                }

                await Task.Delay(RetentionEvery, clock, stopping).ConfigureAwait(false);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action-run log: writing {Count} record(s) failed (attempt {Attempt}), retrying with backoff: {Error}")]
    private static partial void LogFlushFailed(ILogger logger, int count, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Action-run log: {Count} record(s) written on attempt {Attempt}")]
    private static partial void LogRecovered(ILogger logger, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Action-run log: the database refuses the run of {Action} ({Id}); it is dropped: {Error}")]
    private static partial void LogRowRefused(ILogger logger, string action, Guid id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action-run log: {Count} record(s) dropped because the buffer was full ({Total} in all; persistence.bufferCapacity is {Capacity})")]
    private static partial void LogDropped(ILogger logger, long count, long total, int capacity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Action-run log: shutdown timed out with {Count} record(s) unwritten; they are lost")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Action-run log: the Studio's indexes are being built elsewhere: {Error}")]
    private static partial void LogIndexesContended(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action-run log: building the Studio's indexes failed (its filters work without them, slower; the next start tries again): {Error}")]
    private static partial void LogIndexesFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action-run log: deleting old runs failed, will try again in an hour: {Error}")]
    private static partial void LogRetentionFailed(ILogger logger, string error);
}
