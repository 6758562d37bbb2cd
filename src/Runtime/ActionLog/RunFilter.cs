namespace Bunbase.Runtime.ActionLog;

/// <summary>Which runs to list, newest first: any of action, status and trace id, at most <see cref="Limit"/>.</summary>
internal sealed record RunFilter(string? Action, string? Status, string? TraceId, int Limit)
{
    /// <summary>The statuses a run can have: anything else is refused rather than matching nothing.</summary>
    public static readonly string[] Statuses = [Pipeline.ActionOutcome.Ok, Pipeline.ActionOutcome.Rejected, Pipeline.ActionOutcome.Failed, Pipeline.ActionOutcome.Cancelled];
}
