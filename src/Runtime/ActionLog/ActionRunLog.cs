using System.Diagnostics;
using System.Threading.Channels;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The front of the run log: a bounded buffer that invocations add their record to without ever
/// waiting. When the buffer is full (the database is down or slow) the record is dropped and
/// counted (<c>bunbase_action_log_dropped_total</c>), and dropping is logged by the flusher.
/// <see cref="ActionRunFlusher"/> drains it. With <c>persistence.enabled</c> false nothing is recorded.
/// </summary>
internal sealed class ActionRunLog : IRunRecorder, IDisposable
{
    private readonly Channel<ActionRunRecord> _buffer;
    private readonly TimeProvider _clock;
    private readonly IDisposable _depthRegistration;
    private long _dropped;
    private long _added;
    private long _settled;
    private int _flushRequested;

    public ActionRunLog(PersistenceOptions options, TimeProvider clock)
    {
        Enabled = options.Enabled;
        _clock = clock;
        // Wait mode makes TryWrite answer false when full (DropWrite would drop silently).
        _buffer = Channel.CreateBounded<ActionRunRecord>(new BoundedChannelOptions(options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _depthRegistration = RuntimeInstruments.ObserveActionLogDepth(() => _buffer.Reader.Count);
    }

    public bool Enabled { get; }

    public ChannelReader<ActionRunRecord> Reader => _buffer.Reader;

    /// <summary>Records dropped so far (see <see cref="CountDropped"/>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Starts timing an invocation: a clock reading for the record's start and a timestamp for its duration.</summary>
    public RunStart Start() => Enabled ? new RunStart(_clock.GetUtcNow(), Stopwatch.GetTimestamp()) : default;

    /// <summary>Adds the record of a finished invocation; never waits.</summary>
    /// <param name="invocation">The invocation (its action, trigger, trace, caller, attempt and response status).</param>
    /// <param name="start">When it started (see <see cref="Start"/>).</param>
    /// <param name="input">The bound input, if binding got that far.</param>
    /// <param name="output">The validated output, if any.</param>
    /// <param name="error">What it failed with, if it did.</param>
    /// <param name="classification">The failure's classification (status, error type).</param>
    public void Add(Invocation invocation, RunStart start, object? input, object? output, Exception? error, ErrorClassification? classification)
    {
        if (!Enabled)
            return;
        var record = new ActionRunRecord
        {
            Action = invocation.Action,
            Trigger = invocation.Trigger,
            Status = classification?.Outcome.Status ?? ActionOutcome.Ok,
            HttpStatus = invocation.ResponseStatus,
            DurationMs = Stopwatch.GetElapsedTime(start.Timestamp).TotalMilliseconds,
            TraceId = invocation.TraceId,
            SpanId = Activity.Current?.SpanId,
            UserId = invocation.Caller.User?.Id,
            Attempt = invocation.Attempt,
            StartedAt = start.At,
            ErrorType = classification?.Outcome.ErrorType,
            ErrorMessage = error is null ? null : ErrorText(error, classification),
            Input = input,
            Output = output,
            Published = invocation.Published is { Count: > 0 } published ? published : null,
        };
        if (_buffer.Writer.TryWrite(record))
            Interlocked.Increment(ref _added);
        else
            CountDropped(1);
    }

    /// <summary>Records accepted into the buffer so far.</summary>
    public long Added => Interlocked.Read(ref _added);

    /// <summary>Records the flusher has finished with so far (written, or refused by the database and dropped).</summary>
    public long Settled => Interlocked.Read(ref _settled);

    /// <summary>Called by the flusher after each batch it has finished with.</summary>
    public void CountSettled(int count) => Interlocked.Add(ref _settled, count);

    /// <summary>
    /// Asks the flusher to write what waits now rather than at the end of <c>persistence.flushIntervalMs</c>
    /// (a test reading the log; see <see cref="Settled"/>).
    /// </summary>
    public void RequestFlush() => Volatile.Write(ref _flushRequested, 1);

    /// <summary>Whether a flush was requested since the last call; clears the request.</summary>
    public bool TakeFlushRequest() => Interlocked.Exchange(ref _flushRequested, 0) == 1;

    /// <summary>Records that will never be written: the buffer was full, or shutdown ran out of time with them.</summary>
    public void CountDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        RuntimeInstruments.ActionLogDropped.Add(count);
    }

    /// <summary>No more records: the flusher writes what is left and stops. Later records are dropped and counted.</summary>
    public void Close()
    {
        Closed = true;
        _buffer.Writer.TryComplete();
    }

    /// <summary>Whether <see cref="Close"/> was called: the flusher then writes partial batches at once.</summary>
    public bool Closed { get; private set; }

    public void Dispose() => _depthRegistration.Dispose();

    /// <summary>A server error keeps its exception type (the caller only saw "internal_error"); messages are capped, never inside a character.</summary>
    private static string ErrorText(Exception error, ErrorClassification? classification)
    {
        var text = classification?.HidesDetail == true
            ? $"{error.GetType().FullName}: {error.Message}"
            : error.Message;
        return StorableText.Cap(text, 2_000);
    }
}
