namespace Bunbase.Runtime.Realtime;

/// <summary>
/// One item of a connection's queue: a channel message for one of its subscribers, or a control
/// (<see cref="Type"/>: a reply, <c>gap</c>, <c>heartbeat</c>) already rendered as JSON.
/// </summary>
internal readonly record struct Outgoing(Subscriber? Subscriber, RealtimeMessage? Message, string? Type, byte[]? Control)
{
    public static Outgoing Of(Subscriber subscriber, RealtimeMessage message) => new(subscriber, message, null, null);

    public static Outgoing Of(string type, byte[] json) => new(null, null, type, json);
}
