using System.Net;
using System.Net.Sockets;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>An HTTP client whose connections come from a loopback address of its own (127.0.0.0/8 is all local): one "client" as nginx sees it.</summary>
public static class LoopbackClient
{
    public static HttpClient Create(Uri baseAddress, IPAddress from) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>127.0.{n / 250 + 1}.{n % 250 + 1}: distinct addresses, none of them nginx's 127.0.0.1.</summary>
    public static IPAddress Address(int n) => new([127, 0, (byte)(n / 250 + 1), (byte)(n % 250 + 1)]);
}
