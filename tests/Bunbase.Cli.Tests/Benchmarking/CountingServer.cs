using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>
/// A raw HTTP/1.1 server on loopback that counts the requests it reads (pipelined or not) and
/// answers as told: Content-Length or chunked bodies, a status per request number, a close
/// without an answer per request number.
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> connections = [];
    private readonly Task accepting;
    private long requests;
    private long answered;
    private long closedUnanswered;

    private readonly bool splitWrites;

    /// <param name="answer">How to answer request number N (1-based, counted over all connections).</param>
    /// <param name="splitWrites">Send answers 7 bytes at a time, so heads, chunks and bodies arrive split.</param>
    public CountingServer(Func<long, ServerAnswer>? answer = null, bool splitWrites = false)
    {
        Answer = answer ?? (_ => ServerAnswer.Ok);
        this.splitWrites = splitWrites;
        listener.Start(512);
        accepting = AcceptAsync();
    }

    public Func<long, ServerAnswer> Answer { get; }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public string Url => $"http://127.0.0.1:{EndPoint.Port}";

    public long Requests => Interlocked.Read(ref requests);

    public long Answered => Interlocked.Read(ref answered);

    public long ClosedUnanswered => Interlocked.Read(ref closedUnanswered);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] open;
        lock (connections)
            open = [.. connections];
        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stop.Token);
            lock (connections)
                connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, stop.Token);
                if (read == 0)
                    return;
                length += read;
                var output = new MemoryStream();
                var offset = 0;
                while (TryReadRequest(buffer.AsSpan(offset, length - offset), out var size))
                {
                    offset += size;
                    var number = Interlocked.Increment(ref requests);
                    var answer = Answer(number);
                    if (answer.Close)
                    {
                        // Whatever was answered before goes out first; this request never gets an answer.
                        if (output.Length > 0)
                            await socket.SendAsync(output.ToArray(), SocketFlags.None, stop.Token);
                        Interlocked.Increment(ref closedUnanswered);
                        return;
                    }

                    Write(output, answer);
                    Interlocked.Increment(ref answered);
                }

                Buffer.BlockCopy(buffer, offset, buffer, 0, length - offset);
                length -= offset;
                if (output.Length > 0)
                    await SendAsync(socket, output.ToArray());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends in small pieces when asked to, so the client's parser meets split heads and chunks.</summary>
    private async Task SendAsync(Socket socket, byte[] bytes)
    {
        const int Piece = 7;
        if (!splitWrites)
        {
            await socket.SendAsync(bytes, SocketFlags.None, stop.Token);
            return;
        }

        for (var i = 0; i < bytes.Length; i += Piece)
            await socket.SendAsync(bytes.AsMemory(i, Math.Min(Piece, bytes.Length - i)), SocketFlags.None, stop.Token);
    }

    private static void Write(MemoryStream output, ServerAnswer answer)
    {
        var body = "{\"message\":\"Hello, World!\"}";
        var head = answer.Chunked
            ? $"HTTP/1.1 {answer.Status} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            : $"HTTP/1.1 {answer.Status} X\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        output.Write(Encoding.ASCII.GetBytes(head));
        if (answer.Chunked)
            output.Write(Encoding.ASCII.GetBytes($"a;ext=1\r\n{body[..10]}\r\n{body.Length - 10:x}\r\n{body[10..]}\r\n0\r\nX-Trailer: t\r\n\r\n"));
        else
            output.Write(Encoding.ASCII.GetBytes(body));
    }

    /// <summary>A whole request at the start of <paramref name="data"/> (head, then a Content-Length body).</summary>
    private static bool TryReadRequest(ReadOnlySpan<byte> data, out int size)
    {
        size = 0;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
            return false;
        var head = Encoding.ASCII.GetString(data[..end]);
        var bodyLength = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                bodyLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (data.Length < end + 4 + bodyLength)
            return false;
        size = end + 4 + bodyLength;
        return true;
    }
}
