using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Work of the runtime's own that goes through the queue (leases, retries with backoff, dead jobs) without
/// being an action: an outbound webhook delivery. Its <see cref="Name"/> is the job's action name, with a
/// <c>:</c> no action name can have. It throws to fail an attempt, as a handler does.
/// </summary>
internal interface IRuntimeJob
{
    string Name { get; }

    /// <summary>Queue, backoff and attempts, as an action's <c>[Job]</c> would say.</summary>
    JobSettings Settings { get; }

    Task RunAsync(ClaimedJob job, CancellationToken cancellationToken);
}
