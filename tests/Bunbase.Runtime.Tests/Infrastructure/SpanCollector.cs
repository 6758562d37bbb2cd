using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// What an app's tracer and logger providers exported, through the OpenTelemetry SDK's in-memory
/// exporters. Listeners are process-wide, so spans of other apps arrive too: read by trace id.
/// </summary>
public sealed class SpanCollector
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<LogRecord> _logs = new();

    public ICollection<Activity> Spans => new QueueAdapter<Activity>(_spans);

    public ICollection<LogRecord> Logs => new QueueAdapter<LogRecord>(_logs);

    public static ActivityTraceId NewTraceId() => ActivityTraceId.CreateRandom();

    public static string TraceParent(ActivityTraceId traceId, ActivitySpanId spanId, bool sampled = true) =>
        $"00-{traceId.ToHexString()}-{spanId.ToHexString()}-{(sampled ? "01" : "00")}";

    public Activity[] SpansOf(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    /// <summary>Waits (at most 10 s) until the trace has at least <paramref name="count"/> spans, and returns them.</summary>
    public async Task<Activity[]> WaitForSpansAsync(ActivityTraceId traceId, int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var spans = SpansOf(traceId);
            if (spans.Length >= count)
                return spans;
            await Task.Delay(50);
        }

        var seen = string.Join(", ", SpansOf(traceId).Select(s => s.DisplayName));
        throw new TimeoutException($"trace {traceId} has {SpansOf(traceId).Length} spans, expected {count}: {seen}");
    }

    public async Task<LogRecord[]> WaitForLogsAsync(Func<LogRecord, bool> predicate)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var logs = _logs.Where(predicate).ToArray();
            if (logs.Length > 0)
                return logs;
            await Task.Delay(50);
        }

        throw new TimeoutException("no such log record was exported");
    }

    /// <summary>The exporters want an <see cref="ICollection{T}"/>; a concurrent queue takes their adds from any thread.</summary>
    private sealed class QueueAdapter<T>(ConcurrentQueue<T> queue) : ICollection<T>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(T item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(T item) => queue.Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => queue.ToArray().CopyTo(array, arrayIndex);

        public bool Remove(T item) => throw new NotSupportedException();

        public IEnumerator<T> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
