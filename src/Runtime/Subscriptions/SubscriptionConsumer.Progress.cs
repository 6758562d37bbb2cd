namespace Bunbase.Runtime.Subscriptions;

/// <content>How far this instance has handled its subscription, for whoever must know it is done (the testing kit).</content>
internal sealed partial class SubscriptionConsumer
{
    /// <summary>
    /// The partitions that have not handled every event up to <paramref name="head"/>: held here with a lower position
    /// (its events are being read, handled or retried), or not held here at all (Position null). Empty: caught up,
    /// nothing in flight (a position moves only once its batch has finished).
    /// </summary>
    public IReadOnlyList<(int Partition, long? Position)> Behind(long head)
    {
        var behind = new List<(int, long?)>();
        lock (_gate)
        {
            for (var partition = 0; partition < _plan.Partitions; partition++)
            {
                if (!_handled.TryGetValue(partition, out var position))
                    behind.Add((partition, null));
                else if (position < head)
                    behind.Add((partition, position));
            }
        }

        return behind;
    }
}
