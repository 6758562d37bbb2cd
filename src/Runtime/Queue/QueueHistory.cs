namespace Bunbase.Runtime.Queue;

/// <summary>
/// The last hour of the queue's depth as this instance read it (every 5 s, with <c>bunbase_queue_depth</c>),
/// kept in memory for the Studio's chart: at most <see cref="Capacity"/> samples, the oldest dropped.
/// </summary>
internal sealed class QueueHistory
{
    /// <summary>720 samples: an hour at one every 5 s.</summary>
    public const int Capacity = 720;

    private readonly Queue<QueueSample> _samples = new(Capacity);
    private readonly Lock _gate = new();

    public void Add(QueueSample sample)
    {
        lock (_gate)
        {
            if (_samples.Count == Capacity)
                _samples.Dequeue();
            _samples.Enqueue(sample);
        }
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<QueueSample> Samples()
    {
        lock (_gate)
            return [.. _samples];
    }
}
