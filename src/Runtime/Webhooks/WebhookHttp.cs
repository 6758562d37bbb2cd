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
    private readonly WebhooksOptions _options;
    private readonly Lock _creating = new();
    private HttpClient? _client;

    // The client is made on the first delivery: an app that sends no webhooks does not load the HTTP stack to start (a
    // Lazy<HttpClient> field would load it with this type).
    public WebhookHttp(WebhooksOptions options) => _options = options;

    public HttpClient Client => Volatile.Read(ref _client) ?? CreateOnce();

    public void Dispose() => Volatile.Read(ref _client)?.Dispose();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private HttpClient CreateOnce()
    {
        lock (_creating)
        {
            if (_client is null)
                Volatile.Write(ref _client, Create(_options));
            return _client;
        }
    }

    private static HttpClient Create(WebhooksOptions options)
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
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Bunbase-Webhooks/1.0");
        return client;
    }

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
