namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// The channel messages one invocation published (<c>ctx.Channels</c>), for its run-log record: the first
/// <see cref="Kept"/> in order, and how many in all. Publishes may come from parallel tasks of one handler.
/// </summary>
internal sealed class ChannelPublishes
{
    /// <summary>How many messages a run's record lists; a run that publishes more records the count.</summary>
    public const int Kept = 20;

    private readonly List<ChannelPublish> _messages = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(string channel, string @event, long id)
    {
        lock (_messages)
        {
            _count++;
            if (_messages.Count < Kept)
                _messages.Add(new ChannelPublish(channel, @event, id));
        }
    }

    /// <summary>The kept messages, in publish order.</summary>
    public IReadOnlyList<ChannelPublish> Messages
    {
        get
        {
            lock (_messages)
                return [.. _messages];
        }
    }
}

/// <summary>One published channel message, as the run log records it.</summary>
internal readonly record struct ChannelPublish(string Channel, string Event, long Id);
