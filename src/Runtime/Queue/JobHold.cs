namespace Bunbase.Runtime.Queue;

/// <summary>Where a job this process holds stands.</summary>
internal enum JobHold
{
    /// <summary>Claimed, waiting for a worker or running.</summary>
    Running,

    /// <summary>Finished; its deletion is waiting for the next completion batch.</summary>
    Completed,

    /// <summary>Failed; the failure (retry or dead) is being written.</summary>
    Failed,
}
