using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The instruments capabilities record into, on <see cref="RuntimeMeter"/>, under the exact
/// names <c>/_metrics</c> serves them by (<see cref="MeterBridge"/>), with the labels declared
/// here. Recording needs no exporter: with metrics off a measurement goes nowhere. Tags other
/// than the declared labels are ignored and a missing label is exported empty, so a series set
/// never grows from a typo. Label values must come from a small set (never raw input).
/// </summary>
internal static class RuntimeInstruments
{
    private static readonly ConcurrentDictionary<Func<IEnumerable<Measurement<long>>>, byte> QueueDepthSources = new();
    private static readonly ConcurrentDictionary<Func<long>, byte> ActionLogDepthSources = new();

    /// <summary>One database command, in milliseconds; <c>target</c> is <c>primary</c> or <c>replica</c>.</summary>
    public static Histogram<double> DbQueryDuration { get; } = RuntimeMeter.Instance.CreateHistogram<double>(
        "bunbase_db_query_duration_ms", "ms", "Database command duration in milliseconds.");

    /// <summary>Jobs waiting, by <c>queue</c> and <c>priority</c>: read at every scrape from the sources registered with <see cref="ObserveQueueDepth"/>.</summary>
    public static ObservableGauge<long> QueueDepth { get; } = RuntimeMeter.Instance.CreateObservableGauge(
        "bunbase_queue_depth", QueueDepths, "{job}", "Jobs waiting to run, by queue and priority.");

    /// <summary>Jobs enqueued, by <c>queue</c>.</summary>
    public static Counter<long> JobsEnqueued { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_jobs_enqueued_total", "{job}", "Jobs enqueued.");

    /// <summary>Job attempts started, by <c>queue</c> and <c>action</c>.</summary>
    public static Counter<long> JobsStarted { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_jobs_started_total", "{job}", "Job attempts started.");

    /// <summary>Jobs that completed, by <c>queue</c> and <c>action</c>.</summary>
    public static Counter<long> JobsSucceeded { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_jobs_succeeded_total", "{job}", "Jobs that completed.");

    /// <summary>Job attempts that failed and will be retried, by <c>queue</c> and <c>action</c>.</summary>
    public static Counter<long> JobsFailed { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_jobs_failed_total", "{job}", "Job attempts that failed and will be retried.");

    /// <summary>Jobs that failed for good (out of attempts, or not retryable), by <c>queue</c> and <c>action</c>.</summary>
    public static Counter<long> JobsDead { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_jobs_dead_total", "{job}", "Jobs that failed for good.");

    /// <summary>From when a job was due to when a worker claimed it, by <c>queue</c>.</summary>
    public static Histogram<double> JobClaimLatency { get; } = RuntimeMeter.Instance.CreateHistogram<double>(
        "bunbase_job_claim_latency_ms", "ms", "From when a job was due to when a worker claimed it, in milliseconds.");

    /// <summary>How long job attempts ran, by <c>queue</c> and <c>action</c>.</summary>
    public static Histogram<double> JobDuration { get; } = RuntimeMeter.Instance.CreateHistogram<double>(
        "bunbase_job_duration_ms", "ms", "How long job attempts ran, in milliseconds.");

    /// <summary>Action-run log entries written to their store.</summary>
    public static Counter<long> ActionLogFlushed { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_action_log_flushed_total", "{entry}", "Action-run log entries written to the database.");

    /// <summary>How long a successful flush of the action-run log took, in milliseconds.</summary>
    public static Histogram<double> ActionLogFlushDuration { get; } = RuntimeMeter.Instance.CreateHistogram<double>(
        "bunbase_action_log_flush_duration_ms", "ms", "Action-run log flush duration in milliseconds.");

    /// <summary>Action-run log entries dropped (the buffer was full, or the sink kept failing).</summary>
    public static Counter<long> ActionLogDropped { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_action_log_dropped_total", "{entry}", "Action-run log entries dropped.");

    /// <summary>Flushes of the action-run log buffer that failed (and will be retried).</summary>
    public static Counter<long> ActionLogFlushFailures { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_action_log_flush_failures_total", "{flush}", "Action-run log flushes that failed.");

    /// <summary>Entries waiting in the action-run log buffer: read at every scrape from the sources registered with <see cref="ObserveActionLogDepth"/>.</summary>
    public static ObservableGauge<long> ActionLogBuffered { get; } = RuntimeMeter.Instance.CreateObservableGauge(
        "bunbase_action_log_buffered", SumActionLogDepths, "{entry}", "Action-run log entries waiting to be written.");

    /// <summary>Rate-limited requests decided without the shared store, by <c>action</c>.</summary>
    public static Counter<long> RateLimitStoreFailures { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_rate_limit_store_failures_total", "{request}", "Rate-limited requests decided without the shared store.");

    /// <summary>Invocations (requests, job attempts) that failed because the database could not be reached, by <c>action</c>.</summary>
    public static Counter<long> DatabaseUnavailable { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_database_unavailable_total", "{invocation}", "Invocations that failed because the database could not be reached.");

    /// <summary>Inbound webhook requests, by <c>webhook</c> (a declared name) and <c>outcome</c> (<c>accepted</c>, or the refusal's code).</summary>
    public static Counter<long> WebhooksReceived { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_webhooks_received_total", "{request}", "Inbound webhook requests, by outcome.");

    /// <summary>Outbound webhook delivery attempts, by <c>outcome</c> (<c>succeeded</c>, <c>failed</c>, <c>refused</c>).</summary>
    public static Counter<long> WebhookAttempts { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_webhook_attempts_total", "{attempt}", "Outbound webhook delivery attempts, by outcome.");

    /// <summary>Mail delivery attempts, by <c>outcome</c> (<c>sent</c>, <c>retrying</c>, <c>failed</c>).</summary>
    public static Counter<long> MailAttempts { get; } = RuntimeMeter.Instance.CreateCounter<long>(
        "bunbase_mail_attempts_total", "{attempt}", "Mail delivery attempts, by outcome.");

    /// <summary>The label names each instrument is exported with, in order.</summary>
    public static FrozenDictionary<string, string[]> Labels { get; } = new Dictionary<string, string[]>
    {
        [DbQueryDuration.Name] = ["target"],
        [QueueDepth.Name] = ["queue", "priority"],
        [JobsEnqueued.Name] = ["queue"],
        [JobsStarted.Name] = ["queue", "action"],
        [JobsSucceeded.Name] = ["queue", "action"],
        [JobsFailed.Name] = ["queue", "action"],
        [JobsDead.Name] = ["queue", "action"],
        [JobClaimLatency.Name] = ["queue"],
        [JobDuration.Name] = ["queue", "action"],
        [ActionLogFlushed.Name] = [],
        [ActionLogFlushDuration.Name] = [],
        [ActionLogDropped.Name] = [],
        [ActionLogFlushFailures.Name] = [],
        [ActionLogBuffered.Name] = [],
        [RateLimitStoreFailures.Name] = ["action"],
        [DatabaseUnavailable.Name] = ["action"],
        [WebhooksReceived.Name] = ["webhook", "outcome"],
        [WebhookAttempts.Name] = ["outcome"],
        [MailAttempts.Name] = ["outcome"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Adds a source of queue depths (one measurement per queue and priority); dispose to remove it.</summary>
    public static IDisposable ObserveQueueDepth(Func<IEnumerable<Measurement<long>>> source)
    {
        QueueDepthSources.TryAdd(source, 0);
        return new Registration(() => QueueDepthSources.TryRemove(source, out _));
    }

    /// <summary>Adds a source of the action-log buffer's depth; dispose to remove it.</summary>
    public static IDisposable ObserveActionLogDepth(Func<long> source)
    {
        ActionLogDepthSources.TryAdd(source, 0);
        return new Registration(() => ActionLogDepthSources.TryRemove(source, out _));
    }

    private static IEnumerable<Measurement<long>> QueueDepths()
    {
        foreach (var source in QueueDepthSources.Keys)
        {
            foreach (var measurement in source())
                yield return measurement;
        }
    }

    private static long SumActionLogDepths()
    {
        long total = 0;
        foreach (var source in ActionLogDepthSources.Keys)
            total += source();
        return total;
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
