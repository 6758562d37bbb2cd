namespace Bunbase.Runtime.Subscriptions;

/// <summary>One partition of a subscription as stored: its position, the instance holding it (null when free or expired), and the store's head.</summary>
internal sealed record PartitionState(string Subscription, int Partition, int Partitions, long Position, string? Owner, long Head)
{
    /// <summary>Events of the store after the position (an upper bound of the partition's own backlog).</summary>
    public long Lag => Math.Max(0, Head - Position);
}
