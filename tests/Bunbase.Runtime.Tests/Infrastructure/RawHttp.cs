using System.Net.Sockets;
using System.Text;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// A request over a plain socket, for what HttpClient cannot show: a chunked upload the server cuts
/// short. The response is read while the body is still being sent; sending stops as soon as it arrives.
/// </summary>
public static class RawHttp
{
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
