using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// One invocation as the run log stores it. Input and output stay objects until the flush, which
/// serializes them (redacted and size-capped) off the request's path.
/// </summary>
internal sealed class ActionRunRecord
{
    public required ActionDescriptor Action { get; init; }

    public required InvocationTrigger Trigger { get; init; }

    /// <summary><c>ok</c>, <c>rejected</c>, <c>failed</c> or <c>cancelled</c> (as the metrics label it).</summary>
    public required string Status { get; init; }

    /// <summary>The response's status, for HTTP invocations.</summary>
    public int? HttpStatus { get; init; }

    public required double DurationMs { get; init; }

    public required string TraceId { get; init; }

    /// <summary>The span current when the run ended (the request's, or the job's); formatted at the flush.</summary>
    public System.Diagnostics.ActivitySpanId? SpanId { get; init; }

    public string? UserId { get; init; }

    public required int Attempt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The problem code the caller saw (<c>validation_failed</c>, <c>internal_error</c>, ...).</summary>
    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The validated input, when binding got that far.</summary>
    public object? Input { get; init; }

    public object? Output { get; init; }

    /// <summary>The channel messages the run published, if any.</summary>
    public ChannelPublishes? Published { get; init; }
}
