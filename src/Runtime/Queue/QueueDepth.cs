namespace Bunbase.Runtime.Queue;

/// <summary>Jobs waiting in one queue at one priority (due or delayed).</summary>
internal sealed record QueueDepth(string Queue, int Priority, long Pending);
