using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Queue;

/// <summary>What the queues of one process share: the store, the runner, its lease owner name and the jobs it holds, and where their outcomes are written.</summary>
internal sealed record JobWorkerParts(
    IJobStore Store,
    JobRunner Runner,
    RetryPolicy Retries,
    QueueSignals Signals,
    InFlightJobs InFlight,
    JobCompletions Completions,
    JobFailures Failures,
    DatabaseOutages Outages,
    string Owner);
