using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"),
/// encoded into a pooled buffer that the caller sends through Npgsql's raw COPY stream a chunk at a time.
/// Npgsql's own importer encodes value by value through a parameter each, and that binding cost the run log about
/// 1 µs a row, a third of its CPU in the server (benchmarks/results/2026-12-07-run-log-copy-encoding.md).
/// Text is UTF-8 with U+FFFD for what UTF-8 cannot hold (half of a surrogate pair), where the importer's strict
/// encoder threw and so refused the whole batch.
/// </summary>
internal sealed class BinaryCopyWriter : IDisposable
{
    /// <summary>How much <see cref="IsFull"/> waits for before the caller sends <see cref="Written"/>.</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>The signature <c>PGCOPY\n\377\r\n\0</c>, then the flags and the header extension's length (none of either).</summary>
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>PostgreSQL counts time in microseconds from 2000-01-01 UTC.</summary>
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes * 2);
    private int _length;

    public BinaryCopyWriter() => Header.CopyTo(Take(Header.Length));

    /// <summary>What was encoded since the start or the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Whether a chunk's worth waits to be sent (checked between rows: a chunk may end anywhere, a COPY only after a whole row).</summary>
    public bool IsFull => _length >= ChunkBytes;

    /// <summary>Forgets what was written, once it has been sent.</summary>
    public void Clear() => _length = 0;

    public void StartRow(short columns) => BinaryPrimitives.WriteInt16BigEndian(Take(2), columns);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    /// <summary>A <c>uuid</c>: its 16 bytes in RFC 9562's order.</summary>
    public void Uuid(Guid value) => value.TryWriteBytes(Field(16), bigEndian: true, out _);

    public void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Field(2), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    public void Float8(double value) => BinaryPrimitives.WriteDoubleBigEndian(Field(8), value);

    /// <summary>A <c>timestamptz</c>, to the microsecond (truncated, as Npgsql does).</summary>
    public void TimestampTz(DateTimeOffset value) =>
        BinaryPrimitives.WriteInt64BigEndian(Field(8), (value.UtcTicks - EpochTicks) / TimeSpan.TicksPerMicrosecond);

    /// <summary>A <c>text</c>, or null.</summary>
    public void Text(string? value)
    {
        if (value is null)
            Null();
        else
            Utf8(value, jsonbVersion: false);
    }

    /// <summary>A <c>jsonb</c> from JSON text, or null: format version 1, then the text.</summary>
    public void Jsonb(string? json)
    {
        if (json is null)
            Null();
        else
            Utf8(json, jsonbVersion: true);
    }

    /// <summary>The trailer, after the last row.</summary>
    public void End() => BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Utf8(string value, bool jsonbVersion)
    {
        // Room for the longest encoding, then what the text did not use is given back.
        var prefix = jsonbVersion ? 5 : 4;
        var span = Take(prefix + Encoding.UTF8.GetMaxByteCount(value.Length));
        var bytes = Encoding.UTF8.GetBytes(value, span[prefix..]);
        if (jsonbVersion)
            span[4] = 1;
        BinaryPrimitives.WriteInt32BigEndian(span, prefix - 4 + bytes);
        _length -= span.Length - prefix - bytes;
    }

    /// <summary>A value of a fixed size: its length, then room for it.</summary>
    private Span<byte> Field(int size)
    {
        var span = Take(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(span, size);
        return span[4..];
    }

    private Span<byte> Take(int size)
    {
        if (_length + size > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + size, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var taken = _buffer.AsSpan(_length, size);
        _length += size;
        return taken;
    }
}
