using System.Net.Sockets;
using System.Text;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// Requests over a plain socket, for what HttpClient cannot send or show: malformed framing, huge
/// request lines, a chunked upload the server cuts short, a body trickled in.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="request"/> as is (then, when given, <paramref name="rest"/> after
    /// <paramref name="pause"/>) and reads one response: its head and a body of its Content-Length
    /// (or up to the connection's end). Bounded by 60 seconds.
    /// </summary>
    public static async Task<RawResponse> ExchangeAsync(Uri server, byte[] request, byte[]? rest = null, TimeSpan pause = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await stream.WriteAsync(request, stop.Token);
            if (rest is not null)
            {
                await Task.Delay(pause, stop.Token);
                await stream.WriteAsync(rest, stop.Token);
            }
        }
        catch (IOException)
        {
            // The server answered and closed before everything was sent: read what it said.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, stop.Token);
                if (read == 0)
                    break;
                received.Write(buffer, 0, read);
                if (RawResponse.TryParse(received.ToArray(), out _))
                    break;
            }
        }
        catch (IOException)
        {
        }

        var bytes = received.ToArray();
        return RawResponse.TryParse(bytes, out var response) ? response! : new RawResponse(0, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetString(bytes));
    }

    public static Task<RawResponse> ExchangeAsync(Uri server, string request) => ExchangeAsync(server, Encoding.Latin1.GetBytes(request));

    public static async Task<(int Status, string Response)> PostChunkedAsync(Uri server, string path, string contentType, long bodyBytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var received = new MemoryStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
                {
                    lock (received)
                        received.Write(buffer, 0, read);
                    if (Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
                        break;
                }
            }
            catch (IOException)
            {
            }
        });

        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        var frame = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        try
        {
            for (long sent = 0; sent < bodyBytes && !reader.IsCompleted; sent += chunk.Length)
                await stream.WriteAsync(frame, stop.Token);
        }
        catch (IOException)
        {
            // The server answered and closed: what it said is in the reader.
        }

        await reader;
        var text = Encoding.ASCII.GetString(received.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, text);
    }
}
