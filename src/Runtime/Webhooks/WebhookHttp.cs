using System.Net;
using System.Net.Sockets;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The HTTP client of outbound deliveries. The address check runs where the connection is made
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>), on the addresses the name resolves to at that
/// moment: a host that resolved to a public address when the endpoint was added and to a private one
/// now (DNS rebinding) is refused. No redirects are followed (a 3xx is a failed attempt); connections
/// are recycled every minute so names are resolved again.
/// </summary>
internal sealed class WebhookHttp : IDisposable
{
    public WebhookHttp(WebhooksOptions options)
    {
        var allowPrivate = options.AllowPrivateAddresses;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivate, cancellationToken),
        };
        Client = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs) };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("Bunbase-Webhooks/1.0");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(AddressPolicy.IsPublic)];
        if (allowed.Length == 0)
            throw new AddressRefusedException(host);

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
