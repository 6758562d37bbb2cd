namespace Bunbase.Runtime.Pipeline;

/// <summary>When an invocation started: a clock reading for its record and a timestamp for its duration.</summary>
internal readonly record struct RunStart(DateTimeOffset At, long Timestamp);
