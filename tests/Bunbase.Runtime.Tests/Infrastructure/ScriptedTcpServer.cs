using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// A TCP server on 127.0.0.1 that plays a script on each connection (a misbehaving webhook receiver or SMTP server):
/// the script gets the stream and the connection's number (1, 2, ...). Disposing it stops the scripts and closes every
/// connection.
/// </summary>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Func<NetworkStream, int, CancellationToken, Task> _script;
    private readonly Task _accepting;
    private int _connections;

    public ScriptedTcpServer(Func<NetworkStream, int, CancellationToken, Task> script)
    {
        _script = script;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Reads one CRLF-terminated line (without it), or null at the end of the stream; at most 64 KiB.</summary>
    public static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < 65_536)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                return line.Length == 0 ? null : line.ToString();
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    /// <summary>Reads an HTTP request's head and its Content-Length body.</summary>
    public static async Task<string> ReadHttpRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = 0;
        var head = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            var line = await ReadLineAsync(stream, cancellationToken);
            if (string.IsNullOrEmpty(line))
                break;
            head.AppendLine(line);
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return head.ToString() + Encoding.UTF8.GetString(body);
    }

    public static Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
            client.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _clients.Add(client);
            var number = Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                try
                {
                    await _script(client.GetStream(), number, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                }
            });
        }
    }
}
