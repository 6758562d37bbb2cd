namespace Bunbase.Runtime.Queue;

/// <summary>One reading of <see cref="QueueHistory"/>: the jobs waiting per queue, and those running on this instance.</summary>
internal sealed record QueueSample(DateTimeOffset At, IReadOnlyList<QueueDepth> Depths, int RunningHere);
