namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// An incremental HTTP/1.1 response parser: status line and headers, then a body framed by
/// Content-Length, chunked transfer coding, or the connection's close. Bodies are skipped, never
/// copied, so a large document costs only the reads.
/// </summary>
internal sealed class ResponseParser
{
    private const int MaxHeadBytes = 64 * 1024;

    private State state = State.Head;
    private long remaining;
    private bool bodyless;

    /// <summary>The status code of the response being parsed or just completed.</summary>
    public int Status { get; private set; }

    /// <summary>Whether the completed response asked for the connection to close.</summary>
    public bool CloseAfter { get; private set; }

    /// <summary>Whether the response being parsed ends only when the server closes the connection.</summary>
    public bool ReadsUntilClose => state == State.UntilClose;

    /// <summary>Whether no byte of a response has been consumed yet (between responses).</summary>
    public bool AtResponseStart => state == State.Head;

    /// <summary>Called before parsing the response to a HEAD request: it has headers but no body.</summary>
    public void ExpectNoBody() => bodyless = true;

    /// <summary>
    /// Consumes bytes of <paramref name="data"/>. Returns <see cref="ParseStep.Complete"/> when a
    /// response ended (<paramref name="consumed"/> bytes belong to it), <see cref="ParseStep.NeedMore"/>
    /// when every usable byte was consumed and more are needed (a partial head is left unconsumed).
    /// </summary>
    public ParseStep Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var rest = data[consumed..];
            switch (state)
            {
                case State.Head:
                {
                    var end = rest.IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                        return rest.Length > MaxHeadBytes ? ParseStep.Invalid : ParseStep.NeedMore;
                    if (!ReadHead(rest[..(end + 2)]))
                        return ParseStep.Invalid;
                    consumed += end + 4;
                    if (Status is >= 100 and < 200)
                    {
                        state = State.Head; // an interim response (100 Continue): the final one follows
                        continue;
                    }

                    if (bodyless || Status is 204 or 304)
                        return Complete();
                    if (state == State.Body && remaining == 0)
                        return Complete();
                    continue;
                }

                case State.Body:
                {
                    var take = (int)Math.Min(remaining, rest.Length);
                    consumed += take;
                    remaining -= take;
                    if (remaining == 0)
                        return Complete();
                    return ParseStep.NeedMore;
                }

                case State.ChunkSize:
                {
                    var end = rest.IndexOf("\r\n"u8);
                    if (end < 0)
                        return rest.Length > 1024 ? ParseStep.Invalid : ParseStep.NeedMore;
                    if (!TryParseChunkSize(rest[..end], out var size))
                        return ParseStep.Invalid;
                    consumed += end + 2;
                    (state, remaining) = size == 0 ? (State.Trailers, 0L) : (State.ChunkData, size);
                    continue;
                }

                case State.ChunkData:
                {
                    var take = (int)Math.Min(remaining, rest.Length);
                    consumed += take;
                    remaining -= take;
                    if (remaining > 0)
                        return ParseStep.NeedMore;
                    state = State.ChunkEnd;
                    continue;
                }

                case State.ChunkEnd:
                    if (rest.Length < 2)
                        return ParseStep.NeedMore;
                    if (rest[0] != '\r' || rest[1] != '\n')
                        return ParseStep.Invalid;
                    consumed += 2;
                    state = State.ChunkSize;
                    continue;

                case State.Trailers:
                {
                    var end = rest.IndexOf("\r\n"u8);
                    if (end < 0)
                        return rest.Length > MaxHeadBytes ? ParseStep.Invalid : ParseStep.NeedMore;
                    consumed += end + 2;
                    if (end == 0)
                        return Complete();
                    continue;
                }

                case State.UntilClose:
                    consumed += rest.Length;
                    return ParseStep.NeedMore;

                default:
                    return ParseStep.Invalid;
            }
        }
    }

    /// <summary>Ends a response whose body runs until the connection closes.</summary>
    public void CompleteAtClose() => Complete();

    /// <summary>Forgets a partial response (the connection it came on is gone).</summary>
    public void Reset()
    {
        state = State.Head;
        remaining = 0;
        bodyless = false;
        CloseAfter = false;
    }

    private ParseStep Complete()
    {
        state = State.Head;
        bodyless = false;
        return ParseStep.Complete;
    }

    /// <summary>Reads the status line and the framing headers; <paramref name="head"/> ends with the last header's CRLF.</summary>
    private bool ReadHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != ' ')
            return false;
        var code = head.Slice(9, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
            return false;
        Status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        var http10 = head[7] == '0';
        CloseAfter = http10;
        long contentLength = -1;
        var chunked = false;

        var lineEnd = head.IndexOf("\r\n"u8);
        var rest = head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
                return false;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out contentLength))
                    return false;
            }
            else if (name.Length == 17 && System.Text.Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = EndsWithIgnoreCase(value, "chunked"u8);
            }
            else if (name.Length == 10 && System.Text.Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (System.Text.Ascii.EqualsIgnoreCase(value, "close"u8))
                    CloseAfter = true;
                else if (System.Text.Ascii.EqualsIgnoreCase(value, "keep-alive"u8))
                    CloseAfter = false;
            }
        }

        // Transfer-Encoding wins over Content-Length (RFC 9112 6.3).
        (state, remaining) = chunked ? (State.ChunkSize, 0L)
            : contentLength >= 0 ? (State.Body, contentLength)
            : (State.UntilClose, 0L);
        return true;
    }

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> suffix) =>
        value.Length >= suffix.Length && System.Text.Ascii.EqualsIgnoreCase(value[^suffix.Length..], suffix);

    private static bool TryParseChunkSize(ReadOnlySpan<byte> line, out long size)
    {
        var semicolon = line.IndexOf((byte)';');
        if (semicolon >= 0)
            line = line[..semicolon];
        line = line.Trim(" \t"u8);
        size = 0;
        if (line.IsEmpty || line.Length > 15)
            return false;
        foreach (var b in line)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
                return false;
            size = (size * 16) + digit;
        }

        return true;
    }

    private enum State
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        UntilClose,
    }
}
