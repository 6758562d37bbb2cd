using System.Text.Json;

namespace Bunbase.Testing;

/// <summary>One row of the action-run log (see the README's "The action-run log").</summary>
/// <param name="Id">The run's id (UUIDv7).</param>
/// <param name="Action">The action's name.</param>
/// <param name="Trigger"><c>http</c>, <c>call</c>, <c>job</c>, <c>cron</c>, <c>event</c>, <c>webhook</c> or <c>mcp</c>.</param>
/// <param name="Status"><c>ok</c>, <c>rejected</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="HttpStatus">The HTTP status answered, when there was one.</param>
/// <param name="UserId">The signed-in caller, if any.</param>
/// <param name="Attempt">The job's attempt (1 for anything else).</param>
/// <param name="StartedAt">When it started, on the app's clock.</param>
/// <param name="TraceId">The trace id.</param>
/// <param name="ErrorType">The problem code (or exception type of a server error) when it failed.</param>
/// <param name="ErrorMessage">The error's message when it failed.</param>
/// <param name="Input">The input as stored (sensitive fields redacted).</param>
/// <param name="Output">The output as stored.</param>
/// <param name="Published">The realtime messages the run published: <c>{"count":N,"messages":[{"channel","event","id"}]}</c> (the first 20), or null.</param>
public sealed record TestRun(
    Guid Id,
    string Action,
    string Trigger,
    string Status,
    int? HttpStatus,
    string? UserId,
    int Attempt,
    DateTimeOffset StartedAt,
    string TraceId,
    string? ErrorType,
    string? ErrorMessage,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? Published = null);
