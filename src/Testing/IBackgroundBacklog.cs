namespace Bunbase.Testing;

/// <summary>
/// Work the app does in the background that <see cref="TestJobs.RunUntilIdleAsync"/> waits for: jobs
/// (<see cref="JobBacklog"/>) and events (<see cref="EventBacklog"/>); one call drains them all.
/// </summary>
internal interface IBackgroundBacklog
{
    /// <summary>
    /// Makes runnable what the test's clock has made due, wakes whatever runs it, and returns how much
    /// work is due or running now (0: idle).
    /// </summary>
    Task<long> PendingAsync(CancellationToken cancellationToken);

    /// <summary>What the last <see cref="PendingAsync"/> found pending, for the timeout's message (null: nothing).</summary>
    string? Describe();
}
