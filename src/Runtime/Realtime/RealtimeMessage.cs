using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// One message of a channel, as every instance receives it. <see cref="Id"/> increases within the
/// channel by one per message (a channel idle longer than its history starts again from a
/// time-based id, still above the old ones), so a subscriber knows what it has seen and what it missed.
/// Its JSON (<see cref="Json"/>) is written once and shared by every connection it goes to.
/// </summary>
internal sealed class RealtimeMessage(string channel, long id, string @event, string data)
{
    private byte[]? _json;

    public string Channel { get; } = channel;

    public long Id { get; } = id;

    public string Event { get; } = @event;

    /// <summary>The payload as JSON text.</summary>
    public string Data { get; } = data;

    /// <summary><c>{"type":"message","channel":..,"id":..,"event":..,"data":..}</c> in UTF-8, made on first use.</summary>
    public ReadOnlyMemory<byte> Json => _json ??= Render();

    /// <summary>The text the backplanes carry: channel, id, event and data on lines of their own (names hold no line breaks).</summary>
    public string ToWire() => ToWire(Channel, Id, Event, Data);

    public static string ToWire(string channel, long id, string @event, string data) =>
        string.Create(CultureInfo.InvariantCulture, $"{channel}\n{id}\n{@event}\n{data}");

    /// <summary>Reads <see cref="ToWire()"/>; null for text that is not one.</summary>
    public static RealtimeMessage? FromWire(string wire)
    {
        var first = wire.IndexOf('\n', StringComparison.Ordinal);
        var second = first < 0 ? -1 : wire.IndexOf('\n', first + 1);
        var third = second < 0 ? -1 : wire.IndexOf('\n', second + 1);
        if (third < 0 || !long.TryParse(wire.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return null;
        return new RealtimeMessage(wire[..first], id, wire[(second + 1)..third], wire[(third + 1)..]);
    }

    private byte[] Render()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Data.Length + Channel.Length + Event.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "message"u8);
            writer.WriteString("channel"u8, Channel);
            writer.WriteNumber("id"u8, Id);
            writer.WriteString("event"u8, Event);
            writer.WritePropertyName("data"u8);
            writer.WriteRawValue(Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(Json.Span);
}
