using System.Collections.Concurrent;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Observability;

/// <summary>The metric children and span name of one action, created once at start.</summary>
internal sealed class ActionSeries
{
    /// <summary>Distinct error types counted per action (give or take a race); further codes share the type <c>other</c>.</summary>
    internal const int MaxErrorTypes = 32;

    private readonly RuntimeMetrics? _metrics;
    private readonly ConcurrentDictionary<string, CounterSeries> _errors = new(StringComparer.Ordinal);

    public ActionSeries(string action, RuntimeMetrics? metrics)
    {
        Action = action;
        SpanName = "action " + action;
        _metrics = metrics;
        if (metrics is null)
            return;
        Ok = metrics.ActionExecutions.WithLabels(action, ActionOutcome.Ok);
        Rejected = metrics.ActionExecutions.WithLabels(action, ActionOutcome.Rejected);
        Failed = metrics.ActionExecutions.WithLabels(action, ActionOutcome.Failed);
        Cancelled = metrics.ActionExecutions.WithLabels(action, ActionOutcome.Cancelled);
        Duration = metrics.ActionDuration.WithLabels(action);
    }

    public string Action { get; }

    public string SpanName { get; }

    public CounterSeries? Ok { get; }

    public CounterSeries? Rejected { get; }

    public CounterSeries? Failed { get; }

    public CounterSeries? Cancelled { get; }

    public HistogramSeries? Duration { get; }

    public CounterSeries? Executions(string status) => status switch
    {
        ActionOutcome.Ok => Ok,
        ActionOutcome.Rejected => Rejected,
        ActionOutcome.Failed => Failed,
        _ => Cancelled,
    };

    /// <summary>Counts an error under its code, bounded per action (codes are the application's constants, but a bug must not grow series).</summary>
    public void CountError(string type)
    {
        if (_metrics is null)
            return;
        if (!_errors.TryGetValue(type, out var child))
        {
            var label = _errors.Count < MaxErrorTypes ? type : "other";
            child = _errors.GetOrAdd(label, l => _metrics.Errors.WithLabels(l, Action));
        }

        child.Inc();
    }
}
