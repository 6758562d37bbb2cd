namespace Bunbase;

/// <summary>
/// A channel message was refused before it was sent: its channel or event name is not acceptable, or
/// it is larger than <c>realtime.maxMessageBytes</c>. Over HTTP it is answered 400
/// <c>invalid_channel_message</c> (a name or the data may come from the request).
/// </summary>
public sealed class InvalidChannelMessageException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="paramName">The argument at fault.</param>
    public InvalidChannelMessageException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
