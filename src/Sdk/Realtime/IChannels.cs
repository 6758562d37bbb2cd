namespace Bunbase;

/// <summary>
/// <c>ctx.Channels</c>: realtime messages to the clients subscribed to a channel, on every instance.
/// Messages are not durable: a client that was away resumes from the channel's recent history
/// (<c>realtime.historySize</c>) or is told it missed some. Use <c>ctx.Events</c> for what must not be lost.
/// </summary>
public interface IChannels
{
    /// <summary>Sends a message to the channel's subscribers, on every instance.</summary>
    /// <example><code>await context.Channels.PublishAsync("notes", "note-created", new { note.Id, note.Title });</code></example>
    /// <param name="channel">1 to 200 characters: letters, digits and <c>_ - : . @ =</c>.</param>
    /// <param name="event">The message's event name (1 to 100 characters, no control characters).</param>
    /// <param name="data">The payload, serialised as JSON like response bodies; at most <c>realtime.maxMessageBytes</c>.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The message's id in its channel (increasing).</returns>
    /// <exception cref="ArgumentException">A bad channel or event name, or a payload over the size limit.</exception>
    Task<long> PublishAsync(string channel, string @event, object? data, CancellationToken cancellationToken = default);

    /// <summary>The channel's current members (a channel with <see cref="ChannelAttribute.Presence"/>), on every instance.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken = default);
}
