using System.Net;
using System.Net.Sockets;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>Answers every connection's first request with fixed bytes, then closes it.</summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public RawServer(byte[] answer)
    {
        listener.Start();
        accepting = AcceptAsync(answer);
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

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

        stop.Dispose();
    }

    private async Task AcceptAsync(byte[] answer)
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = await listener.AcceptSocketAsync(stop.Token);
            var buffer = new byte[4096];
            var read = 0;
            while (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) < 0)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, stop.Token);
                if (n == 0)
                    break;
                read += n;
            }

            await socket.SendAsync(answer, SocketFlags.None, stop.Token);
            socket.Shutdown(SocketShutdown.Both);
        }
    }
}
