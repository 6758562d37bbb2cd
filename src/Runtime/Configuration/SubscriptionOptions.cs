using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Event subscribers, the actions declaring <c>[On]</c> (<c>subscriptions.*</c>).</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Whether this instance handles events (publishing works either way).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many partitions a new subscription's streams are spread over (a stream's partition is its
    /// partition key modulo this); the instances share the partitions. Stored with the subscription when it
    /// first starts: changing it later does not re-partition an existing subscription.
    /// </summary>
    /// <value>The default is 16.</value>
    [Range(1, 1_024)]
    public int Partitions { get; set; } = 16;

    /// <summary>How many handled events between two saves of a subscription's positions (also saved when it is idle, releases a partition or stops): after a crash, at most this many events are delivered again.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 100_000)]
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>The most events one read takes (never more than <see cref="CheckpointEvery"/>).</summary>
    /// <value>The default is 500.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How many streams a subscription handles at once in this instance (events of one stream are always handled one at a time, in order).</summary>
    /// <value>The default is 16.</value>
    [Range(1, 1_000)]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// How long a partition belongs to its instance without a heartbeat, in milliseconds. Instances
    /// heartbeat every third of this; a dead instance's partitions move once this has passed.
    /// </summary>
    /// <value>The default is 10,000.</value>
    [Range(300, 600_000)]
    public int LeaseMs { get; set; } = 10_000;

    /// <summary>How often an idle subscription looks for new events without a notification, in milliseconds.</summary>
    /// <value>The default is 1,000.</value>
    [Range(10, 60_000)]
    public int PollIntervalMs { get; set; } = 1_000;

    /// <summary>Attempts to handle an event before it is parked in the dead letters.</summary>
    /// <value>The default is 5.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay in milliseconds; each attempt doubles it, with jitter.</summary>
    /// <value>The default is 200.</value>
    [Range(1, 3_600_000)]
    public int BackoffMs { get; set; } = 200;

    /// <summary>The longest retry delay, in milliseconds. The event's stream waits meanwhile (order is kept).</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, 3_600_000)]
    public int MaxBackoffMs { get; set; } = 10_000;

    /// <summary>On SIGTERM, how long the batch in flight may finish before the rest is left for re-delivery, in milliseconds; less than <c>shutdownTimeoutMs</c>.</summary>
    /// <value>The default (none) is a third of <c>shutdownTimeoutMs</c>, at most 10,000, so lowering <c>shutdownTimeoutMs</c> alone keeps a valid configuration.</value>
    [Range(0, 600_000)]
    public int? ShutdownTimeoutMs { get; set; }

    /// <summary>The batch in flight's grace on SIGTERM: <see cref="ShutdownTimeoutMs"/>, or its default from the process's.</summary>
    internal int GraceMs(int processShutdownTimeoutMs) => ShutdownTimeoutMs ?? Math.Min(10_000, processShutdownTimeoutMs / 3);
}
