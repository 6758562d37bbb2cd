using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// The action-run log (<c>persistence.*</c>): one row per invocation in <c>bunbase_action_runs</c>,
/// written from an in-memory buffer in batches. A crash loses at most what the buffer held: up to
/// <see cref="MaxBufferSize"/> records, or <see cref="FlushIntervalMs"/> worth of them.
/// </summary>
public sealed class PersistenceOptions
{
    /// <summary>Whether invocations are recorded.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Records pending that start a flush before <see cref="FlushIntervalMs"/> is up; also the most one flush writes.</summary>
    /// <value>The default is 500.</value>
    [Range(1, 100_000)]
    public int MaxBufferSize { get; set; } = 500;

    /// <summary>The longest a record waits in the buffer before a flush, in milliseconds.</summary>
    /// <value>The default is 2,000.</value>
    [Range(10, 600_000)]
    public int FlushIntervalMs { get; set; } = 2_000;

    /// <summary>
    /// The most records the buffer holds while flushes fail or fall behind. A record that finds it
    /// full is dropped and counted (<c>bunbase_action_log_dropped_total</c>): a request never waits
    /// for the log.
    /// </summary>
    /// <value>The default is 50,000.</value>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 50_000;

    /// <summary>The largest input or output JSON stored per record, in bytes; a larger one is replaced by a note of its size.</summary>
    /// <value>The default is 8,192.</value>
    [Range(64, 1_048_576)]
    public int MaxPayloadBytes { get; set; } = 8_192;

    /// <summary>Property names (case-insensitive substrings) whose values are redacted, besides properties marked <c>[Sensitive]</c>.</summary>
    /// <value>The default is <c>password</c>, <c>secret</c>, <c>token</c>.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] Redact { get; set; } = ["password", "secret", "token"];
#pragma warning restore CA1819

    /// <summary>How long records are kept, in days; older ones are deleted in small batches every hour.</summary>
    /// <value>The default is 7.</value>
    [Range(1, 3_650)]
    public int RetentionDays { get; set; } = 7;
}
