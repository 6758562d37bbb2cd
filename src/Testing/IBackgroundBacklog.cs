namespace Bunbase.Testing;

/// <summary>
/// Work the app does in the background that <see cref="TestJobs.RunUntilIdleAsync"/> waits for. Jobs
/// are one backlog (<see cref="JobBacklog"/>); another trigger with background work (events) adds its
/// own implementation to <see cref="BunbaseTestApp"/>'s list, and the same call drains it too.
/// </summary>
internal interface IBackgroundBacklog
{
    /// <summary>
    /// Makes runnable what the test's clock has made due, wakes whatever runs it, and returns how much
    /// work is due or running now (0: idle).
    /// </summary>
    Task<long> PendingAsync(CancellationToken cancellationToken);
}
