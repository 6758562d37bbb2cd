namespace Bunbase.Runtime.ActionLog;

/// <summary>A run as a row of <c>bunbase_action_runs</c>: what a flush writes and a listing reads back.</summary>
internal sealed class StoredRun
{
    public Guid Id { get; init; }

    public string Action { get; init; } = "";

    /// <summary><c>http</c>, <c>call</c>, <c>job</c> or <c>cron</c>.</summary>
    public string Trigger { get; init; } = "";

    public string Status { get; init; } = "";

    public int? HttpStatus { get; init; }

    public double DurationMs { get; init; }

    public string TraceId { get; init; } = "";

    public string? SpanId { get; init; }

    public string? UserId { get; init; }

    public int Attempt { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>JSON, redacted and size-capped.</summary>
    public string? Input { get; init; }

    /// <inheritdoc cref="Input"/>
    public string? Output { get; init; }

    /// <summary>JSON: the channel messages the run published, <c>{"count":N,"messages":[{"channel","event","id"}]}</c> (the first 20).</summary>
    public string? Published { get; init; }
}
