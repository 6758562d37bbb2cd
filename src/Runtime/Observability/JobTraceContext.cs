using System.Diagnostics;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Carries a trace across a hop that is not a call, such as a queued job: the producer stores
/// <see cref="Capture"/> with the work, and whoever runs it later starts its span with
/// <see cref="StartExecution"/>, so the execution belongs to the trace that enqueued it.
/// </summary>
internal static class JobTraceContext
{
    /// <summary>Starts the producer span around an enqueue (<see langword="null"/> when no one records spans).</summary>
    public static Activity? StartEnqueue(string spanName) =>
        RuntimeActivitySource.Instance.StartActivity(spanName, ActivityKind.Producer);

    /// <summary>The current span as a W3C <c>traceparent</c> to store with the work; <see langword="null"/> outside any trace.</summary>
    public static string? Capture() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts the span of the work's execution as a child of a stored <c>traceparent</c> (a new
    /// trace when it is missing or malformed). When no one records spans, a bare activity still
    /// carries the trace id to log lines and problem responses.
    /// </summary>
    public static Activity StartExecution(string spanName, string? traceparent)
    {
        var hasParent = ActivityContext.TryParse(traceparent, null, isRemote: true, out var parent);
        var activity = hasParent
            ? RuntimeActivitySource.Instance.StartActivity(spanName, ActivityKind.Consumer, parent)
            : RuntimeActivitySource.Instance.StartActivity(spanName, ActivityKind.Consumer);
        if (activity is not null)
            return activity;

        var bare = new Activity(spanName);
        if (hasParent)
            bare.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        return bare.Start();
    }
}
