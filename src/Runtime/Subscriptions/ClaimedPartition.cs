namespace Bunbase.Runtime.Subscriptions;

/// <summary>A partition this instance just took, and the position to go on from.</summary>
internal sealed record ClaimedPartition(int Partition, long Position);
