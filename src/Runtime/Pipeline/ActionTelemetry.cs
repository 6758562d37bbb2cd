using System.Collections.Frozen;
using System.Diagnostics;
using Bunbase.Runtime.Discovery;

using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// Metrics and the span of each action execution, whatever triggered it; used by
/// <see cref="InvocationPipeline"/>. Without metrics the series are empty and only the span (when someone records) remains.
/// </summary>
internal sealed class ActionTelemetry
{
    private readonly FrozenDictionary<ActionDescriptor, ActionSeries> _series;

    public ActionTelemetry(ActionCatalog catalog, RuntimeMetrics? metrics = null)
    {
        _series = catalog.Actions.ToFrozenDictionary(a => a, a => new ActionSeries(a.Name, metrics));
    }

    /// <summary>Starts timing an execution and its span (a child of the current one: the request's, or the calling action's).</summary>
    public ActionRun Start(ActionDescriptor action, InvocationTrigger trigger)
    {
        var series = _series[action];

        // Sampling follows the parent: under an unrecorded one (sampled out, or no tracer at all) the child would not be recorded either.
        var activity = Activity.Current is { Recorded: false }
            ? null
            : RuntimeActivitySource.Instance.StartActivity(series.SpanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("bunbase.action", series.Action);
            activity.SetTag("bunbase.action.trigger", trigger.Name);
        }

        return new ActionRun(series, activity, Stopwatch.GetTimestamp());
    }

    /// <summary>Counts an error raised before the execution began (binding, rate limit).</summary>
    public void CountRefused(ActionDescriptor action, ErrorClassification classification)
    {
        if (classification.Outcome.ErrorType is { } type)
            _series[action].CountError(type);
    }
}
