using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>One HTTP/1.1 response read off a socket: status, headers (the last of a repeated name) and body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The problem+json body, checked for the shape every problem has.</summary>
    public JsonElement Problem()
    {
        Assert.True(Header("Content-Type")?.StartsWith("application/problem+json", StringComparison.Ordinal) == true, $"not a problem: {this}");
        var body = JsonDocument.Parse(Body).RootElement;
        Assert.Equal(Status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        return body;
    }

    /// <summary>Parses a complete response (head, and a body as long as its Content-Length); false while more is needed.</summary>
    public static bool TryParse(byte[] bytes, out RawResponse? response)
    {
        response = null;
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || !text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            return false;
        var lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var bodyStart = Encoding.UTF8.GetByteCount(text[..(end + 4)]);
        var status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
        string body;
        if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (Dechunk(bytes.AsSpan(bodyStart)) is not { } dechunked)
                return false;
            body = dechunked;
        }
        else
        {
            var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
            if (bytes.Length - bodyStart < length)
                return false;
            body = Encoding.UTF8.GetString(bytes, bodyStart, length);
        }

        response = new RawResponse(status, headers, body);
        return true;
    }

    /// <summary>The body of a complete chunked message; null while the last chunk has not arrived.</summary>
    private static string? Dechunk(ReadOnlySpan<byte> data)
    {
        var body = new MemoryStream();
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            if (lineEnd < 0)
                return null;
            var size = int.Parse(Encoding.ASCII.GetString(data[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            data = data[(lineEnd + 2)..];
            if (size == 0)
                return Encoding.UTF8.GetString(body.ToArray());
            if (data.Length < size + 2)
                return null;
            body.Write(data[..size]);
            data = data[(size + 2)..];
        }
    }
}
