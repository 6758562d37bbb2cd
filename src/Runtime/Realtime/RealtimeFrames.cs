using System.Buffers;
using System.Text.Json;

namespace Bunbase.Runtime.Realtime;

/// <summary>The JSON of what the server sends besides channel messages (the protocol is in the README).</summary>
internal static class RealtimeFrames
{
    public const string OverflowReason = "overflow";
    public const string ShutdownReason = "shutdown";

    /// <summary><c>{"type":"gap","channel":..,"after":..}</c>: messages after <c>after</c> are no longer kept; what follows is live.</summary>
    public static Outgoing Gap(string channel, long after) => Render("gap", w =>
    {
        w.WriteString("channel"u8, channel);
        w.WriteNumber("after"u8, after);
    });

    /// <summary><c>{"type":"ack","id":..}</c>, with the message id of a publish.</summary>
    public static Outgoing Ack(string? id, long? messageId = null) => Render("ack", w =>
    {
        WriteId(w, id);
        if (messageId is { } value)
            w.WriteNumber("messageId"u8, value);
    });

    public static Outgoing Pong(string? id) => Render("pong", w => WriteId(w, id));

    /// <summary><c>{"type":"error","id":..,"status":403,"code":"forbidden","message":..}</c>.</summary>
    public static Outgoing Error(string? id, int status, string code, string message) => Render("error", w =>
    {
        WriteId(w, id);
        w.WriteNumber("status"u8, status);
        w.WriteString("code"u8, code);
        w.WriteString("message"u8, message);
    });

    /// <summary>The last thing a closing connection gets: <c>{"type":"reconnect"|"dropped"|"closed","reason":..}</c>.</summary>
    public static Outgoing Closing(string reason) => Render(reason == ShutdownReason ? "reconnect" : reason == OverflowReason ? "dropped" : "closed", w =>
        w.WriteString("reason"u8, reason));

    /// <summary><c>{"type":"presence","channel":..,"action":"join"|"leave",...}</c> is a channel message; this is the member list reply.</summary>
    public static Outgoing Members(string? id, string channel, IReadOnlyList<ChannelMember> members) => Render("members", w =>
    {
        WriteId(w, id);
        w.WriteString("channel"u8, channel);
        w.WriteNumber("count"u8, members.Count);
        w.WriteStartArray("members"u8);
        foreach (var member in members)
            WriteMember(w, member);
        w.WriteEndArray();
    });

    public static void WriteMember(Utf8JsonWriter w, ChannelMember member)
    {
        w.WriteStartObject();
        w.WriteString("connectionId"u8, member.ConnectionId);
        if (member.UserId is null)
            w.WriteNull("userId"u8);
        else
            w.WriteString("userId"u8, member.UserId);
        w.WriteString("joinedAt"u8, member.JoinedAt);
        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, string? id)
    {
        if (id is not null)
            w.WriteString("id"u8, id);
    }

    private static Outgoing Render(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            body(writer);
            writer.WriteEndObject();
        }

        return Outgoing.Of(type, buffer.WrittenSpan.ToArray());
    }
}
