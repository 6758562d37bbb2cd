using System.Diagnostics;
using System.Threading.Channels;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The front of the run log: a bounded buffer that invocations add their record to without ever
/// waiting. When the buffer is full (the database is down or slow) the record is dropped and
/// counted (<c>bunbase_action_log_dropped_total</c>), and dropping is logged by the flusher.
/// <see cref="ActionRunFlusher"/> drains it. With <c>persistence.enabled</c> false nothing is recorded.
/// </summary>
internal sealed class ActionRunLog : IDisposable
{
    private readonly Channel<ActionRunRecord> _buffer;
    private readonly TimeProvider _clock;
    private readonly IDisposable _depthRegistration;
    private long _dropped;

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
    public void Add(
        ActionDescriptor action,
        Invocation invocation,
        RunStart start,
        object? input,
        object? output,
        Exception? error,
        int? httpStatus,
        CancellationToken cancellationToken)
    {
        if (!Enabled)
            return;
        var outcome = error is null ? new ActionOutcome(ActionOutcome.Ok, null) : ActionOutcome.Of(error, cancellationToken);
        var record = new ActionRunRecord
        {
            Action = action,
            Trigger = invocation.Trigger,
            Status = outcome.Status,
            HttpStatus = httpStatus,
            DurationMs = Stopwatch.GetElapsedTime(start.Timestamp).TotalMilliseconds,
            TraceId = invocation.TraceId,
            SpanId = Activity.Current?.SpanId,
            UserId = invocation.Caller.User?.Id,
            Attempt = invocation.Attempt,
            StartedAt = start.At,
            ErrorType = outcome.ErrorType,
            ErrorMessage = error is null ? null : ErrorText(error, outcome),
            Input = input,
            Output = output,
        };
        if (!_buffer.Writer.TryWrite(record))
            CountDropped(1);
    }

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

    /// <summary>A server error keeps its exception type (the caller only saw "internal_error"); messages are capped.</summary>
    private static string ErrorText(Exception error, ActionOutcome outcome)
    {
        var text = outcome.Status == ActionOutcome.Failed && error is not ActionException
            ? $"{error.GetType().FullName}: {error.Message}"
            : error.Message;
        return text.Length <= 2_000 ? text : text[..2_000];
    }

    /// <summary>When an invocation started.</summary>
    internal readonly record struct RunStart(DateTimeOffset At, long Timestamp);
}
