namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP requests: the fields of a message, by
/// number, with nested messages as byte ranges.
/// </summary>
public static class Protobuf
{
    /// <summary>Every occurrence of a length-delimited field (a nested message, a string or bytes).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Field(ReadOnlyMemory<byte> message, int number)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    ReadVarint(message.Span, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    if (field == number)
                        yield return message.Slice(position, length);
                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at {position}");
            }
        }
    }

    /// <summary>Follows a path of nested message fields, yielding every message at its end.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Path(ReadOnlyMemory<byte> message, params int[] numbers)
    {
        IEnumerable<ReadOnlyMemory<byte>> current = [message];
        foreach (var number in numbers)
            current = current.SelectMany(m => Field(m, number)).ToArray();
        return current;
    }

    public static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    public static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }

        throw new InvalidDataException("varint too long");
    }
}
