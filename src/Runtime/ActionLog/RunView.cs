using System.Text.Json;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// A run as operators read it (<c>/_admin/runs</c>, <c>bunbase runs --json</c>): input, output and the channel
/// messages it published as JSON values, not strings.
/// </summary>
internal sealed record RunView(
    Guid Id, string Action, string Trigger, string Status, int? HttpStatus, double DurationMs, string TraceId, string? SpanId, string? UserId,
    int Attempt, DateTimeOffset StartedAt, string? ErrorType, string? ErrorMessage, JsonElement? Input, JsonElement? Output, JsonElement? Published)
{
    public static RunView Of(StoredRun run) => new(
        run.Id, run.Action, run.Trigger, run.Status, run.HttpStatus, run.DurationMs, run.TraceId, run.SpanId, run.UserId,
        run.Attempt, run.StartedAt, run.ErrorType, run.ErrorMessage, Parse(run.Input), Parse(run.Output), Parse(run.Published));

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
            return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
