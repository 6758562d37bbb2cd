using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Job queue and cron (<c>queue.*</c>).</summary>
public sealed class QueueOptions
{
    /// <summary>Whether this instance works jobs and fires cron ticks (enqueueing works either way).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs each queue runs at once in this instance.</summary>
    /// <value>The default is twice the number of processor cores.</value>
    [Range(1, 10_000)]
    public int? Workers { get; set; }

    /// <summary>Queues worked besides <c>default</c> and those named by <c>[Job(Queue = ...)]</c>.</summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] Queues { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>The most jobs one claim takes.</summary>
    /// <value>The default is 64.</value>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>How often an idle worker looks for due jobs without a notification, in milliseconds (the fallback when LISTEN/NOTIFY is down, and the precision of delayed jobs on SQLite).</summary>
    /// <value>The default is 1,000.</value>
    [Range(10, 60_000)]
    public int PollIntervalMs { get; set; } = 1_000;

    /// <summary>
    /// How long a claimed job belongs to its worker without a heartbeat, in milliseconds. A worker
    /// extends its leases every third of this while the jobs run; when a worker dies, its jobs are
    /// claimable again once their lease expires.
    /// </summary>
    /// <value>The default is 30,000.</value>
    [Range(300, 3_600_000)]
    public int LeaseMs { get; set; } = 30_000;

    /// <summary>On SIGTERM, how long running jobs may finish before their leases are released for another instance, in milliseconds; less than <c>shutdownTimeoutMs</c>.</summary>
    /// <value>The default is 20,000.</value>
    [Range(0, 600_000)]
    public int ShutdownTimeoutMs { get; set; } = 20_000;

    /// <summary>Attempts before a job is dead, unless the action or the enqueue says otherwise.</summary>
    /// <value>The default is 5.</value>
    [Range(1, 1_000)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay in milliseconds; each attempt doubles it, with jitter.</summary>
    /// <value>The default is 1,000.</value>
    [Range(1, 86_400_000)]
    public int BackoffMs { get; set; } = 1_000;

    /// <summary>The longest retry delay, in milliseconds.</summary>
    /// <value>The default is 3,600,000 (one hour).</value>
    [Range(1, 604_800_000)]
    public int MaxBackoffMs { get; set; } = 3_600_000;

    /// <summary>How long an idempotency key is remembered, in milliseconds.</summary>
    /// <value>The default is 86,400,000 (one day).</value>
    [Range(1_000, 2_592_000_000)]
    public long IdempotencyWindowMs { get; set; } = 86_400_000;

    /// <summary>How long a job for an action no instance knows waits (a deploy may be rolling out) before it is dead, in milliseconds.</summary>
    /// <value>The default is 300,000 (five minutes).</value>
    [Range(0, 604_800_000)]
    public int UnknownActionGraceMs { get; set; } = 300_000;

    /// <summary>How long dead jobs are kept for inspection and retry, in days.</summary>
    /// <value>The default is 30.</value>
    [Range(1, 3_650)]
    public int DeadRetentionDays { get; set; } = 30;
}
