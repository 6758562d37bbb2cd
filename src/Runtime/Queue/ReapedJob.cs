namespace Bunbase.Runtime.Queue;

/// <summary>A job the reaper changed: back to pending (its worker's lease expired) or dead (out of attempts, or its action unknown).</summary>
internal sealed record ReapedJob(string Queue, string Action, bool Dead);
