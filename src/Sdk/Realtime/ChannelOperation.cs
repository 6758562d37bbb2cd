namespace Bunbase;

/// <summary>What a client asks of a channel.</summary>
public enum ChannelOperation
{
    /// <summary>Receiving its messages.</summary>
    Subscribe,

    /// <summary>Sending a message to it (over WebSocket, when <see cref="ChannelAttribute.ClientPublish"/> allows).</summary>
    Publish,
}
