using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What <c>ctx.Queue</c> enqueues through (the queue's <c>Queue/JobQueueService</c>, registered by
/// <c>AddQueue</c>): declared here so invocations do not depend on the queue that runs them.
/// </summary>
internal interface IJobEnqueuer
{
    /// <summary>Validates the input and stores the job, inside <paramref name="transaction"/> when there is one.</summary>
    Task<Guid> EnqueueAsync(ActionDescriptor action, object input, JobOptions? options, DatabaseTransaction? transaction, CancellationToken cancellationToken);
}
