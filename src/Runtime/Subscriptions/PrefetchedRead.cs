namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The next batch's read, started while the current batch is handled: used when the next batch turns out to be
/// read with the same partitions, position and limit; dropped otherwise (a read changes nothing).
/// </summary>
internal sealed record PrefetchedRead(int[] Owned, long From, int Limit, Task<(long Head, IReadOnlyList<StoredEvent> Events)> Read)
{
    public bool Matches(int[] owned, long from, int limit) => From == from && Limit == limit && Owned.AsSpan().SequenceEqual(owned);
}
