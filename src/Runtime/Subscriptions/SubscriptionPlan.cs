using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>One subscription as this instance runs it: the action, what it reads, and its partition count (as stored).</summary>
internal sealed record SubscriptionPlan(ActionDescriptor Action, string[] Types, string[] Categories, int Partitions)
{
    /// <summary>The subscription's name: the action's.</summary>
    public string Name => Action.Name;

    /// <summary>The partition of a stream: its partition key modulo the partition count.</summary>
    public int PartitionOf(StoredEvent stored) => stored.PartitionKey % Partitions;
}
