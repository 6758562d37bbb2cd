using System.Diagnostics.Metrics;
using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Queue;

/// <summary>The queue's instruments, on the runtime meter (exported on <c>/_metrics</c>).</summary>
internal static class JobMetrics
{
    public static readonly Counter<long> Enqueued = RuntimeMeter.Instance.CreateCounter<long>("bunbase_jobs_enqueued_total", description: "Jobs enqueued, by queue.");

    public static readonly Counter<long> Started = RuntimeMeter.Instance.CreateCounter<long>("bunbase_jobs_started_total", description: "Job attempts started, by queue and action.");

    public static readonly Counter<long> Succeeded = RuntimeMeter.Instance.CreateCounter<long>("bunbase_jobs_succeeded_total", description: "Jobs that completed, by queue and action.");

    public static readonly Counter<long> Failed = RuntimeMeter.Instance.CreateCounter<long>("bunbase_jobs_failed_total", description: "Job attempts that failed and will be retried, by queue and action.");

    public static readonly Counter<long> Dead = RuntimeMeter.Instance.CreateCounter<long>("bunbase_jobs_dead_total", description: "Jobs that failed for good (out of attempts or not retryable), by queue and action.");

    public static readonly Histogram<double> ClaimLatency = RuntimeMeter.Instance.CreateHistogram<double>("bunbase_job_claim_latency_ms", unit: "ms", description: "From when a job was due to when a worker claimed it.");

    public static readonly Histogram<double> Duration = RuntimeMeter.Instance.CreateHistogram<double>("bunbase_job_duration_ms", unit: "ms", description: "How long job attempts ran, by queue and action.");
}
