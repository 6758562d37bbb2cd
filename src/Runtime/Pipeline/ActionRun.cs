using System.Diagnostics;

using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Pipeline;

/// <summary>One execution being timed: ends with <see cref="Succeeded"/> or <see cref="Failed"/>.</summary>
internal readonly struct ActionRun(ActionSeries series, Activity? activity, long startedAt)
{
    public void Succeeded()
    {
        series.Ok?.Inc();
        series.Duration?.Observe(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        activity?.Dispose();
    }

    /// <summary>Records the failure as <paramref name="classification"/> says.</summary>
    public void Failed(Exception exception, ErrorClassification classification)
    {
        var outcome = classification.Outcome;
        series.Executions(outcome.Status)?.Inc();
        series.Duration?.Observe(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        if (outcome.ErrorType is { } type)
            series.CountError(type);
        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                activity.SetTag("bunbase.action.status", outcome.Status);
                if (outcome.ErrorType is not null)
                    activity.SetTag("error.type", outcome.ErrorType);
                if (outcome.Status == ActionOutcome.Failed)
                {
                    activity.SetStatus(ActivityStatusCode.Error, outcome.ErrorType);
                    activity.AddException(exception);
                }
            }

            activity.Dispose();
        }
    }
}
