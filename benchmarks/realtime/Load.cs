// The load side of benchmarks/realtime.sh (a file-based app: `dotnet run Load.cs -- ...`).
//   fanout PUBLISH_URL SUBSCRIBE_URL SSE WS SECONDS RATE
//       opens SSE and WS subscribers to the `bench` channel on SUBSCRIBE_URL, then posts RATE publishes a second
//       (0: as fast as 8 outstanding requests allow) to PUBLISH_URL/realtime/publish for SECONDS; each message carries
//       its send time on this process's clock, so publish-to-receive latency needs no clock shared with the server.
//       Prints one line: "published delivered expected seconds p50_ms p99_ms max_ms closed".
//   idle URL SSE WS
//       asks the server for its memory (GET /bench/memory: the managed heap after a full collection, and the working
//       set), opens SSE then WS idle subscribers, asks again after each; prints per connection, in KB,
//       "sse_heap sse_rss ws_heap ws_rss" and how many connections were still open.
// Loopback only; every wait is bounded.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

var invariant = CultureInfo.InvariantCulture;
switch (args)
{
    case ["fanout", var publishUrl, var subscribeUrl, var sseText, var wsText, var secondsText, var rateText]:
        return await Fanout(new Uri(publishUrl), new Uri(subscribeUrl), int.Parse(sseText, invariant), int.Parse(wsText, invariant),
            double.Parse(secondsText, invariant), int.Parse(rateText, invariant));
    case ["idle", var url, var sseText, var wsText]:
        return await Idle(new Uri(url), int.Parse(sseText, invariant), int.Parse(wsText, invariant));
    default:
        Console.Error.WriteLine("usage: fanout PUBLISH_URL SUBSCRIBE_URL SSE WS SECONDS RATE | idle URL SSE WS");
        return 2;
}

static async Task<int> Fanout(Uri publishUrl, Uri subscribeUrl, int sse, int ws, double seconds, int rate)
{
    using var stop = new CancellationTokenSource();
    var subscribers = new List<Subscriber>();
    for (var i = 0; i < sse; i++)
        subscribers.Add(await SseSubscriber.OpenAsync(subscribeUrl, stop.Token));
    for (var i = 0; i < ws; i++)
        subscribers.Add(await WsSubscriber.OpenAsync(subscribeUrl, stop.Token));
    var readers = subscribers.Select(s => s.ReadAsync(stop.Token)).ToArray();
    await Task.Delay(1_000);   // every subscription registered on the server

    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = publishUrl, Timeout = TimeSpan.FromSeconds(30) };
    long published = 0, failed = 0;
    var outstanding = new SemaphoreSlim(rate == 0 ? 8 : 64);
    var sends = new List<Task>();
    var clock = Stopwatch.StartNew();
    for (var n = 0L; clock.Elapsed.TotalSeconds < seconds; n++)
    {
        if (rate > 0)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
        }
        await outstanding.WaitAsync();
        sends.Add(Send());
        if (sends.Count > 4_096)
            sends.RemoveAll(t => t.IsCompleted);
    }
    await Task.WhenAll(sends);
    var expected = Interlocked.Read(ref published) * subscribers.Count;
    // Deliveries still on their way: wait until every subscriber has them all, at most 10 s.
    for (var waited = 0; waited < 100 && subscribers.Sum(s => s.Received) < expected && subscribers.Any(s => !s.Closed); waited++)
        await Task.Delay(100);
    await stop.CancelAsync();
    foreach (var subscriber in subscribers)
        subscriber.Dispose();
    await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

    var latencies = subscribers.SelectMany(s => s.Latencies).ToArray();
    Array.Sort(latencies);
    double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    double Percentile(double p) => latencies.Length == 0 ? double.NaN : Ms(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)]);
    var span = (subscribers.Where(s => s.Received > 0).Select(s => s.LastReceived).DefaultIfEmpty(StartTicks).Max() - StartTicks) / (double)Stopwatch.Frequency;
    Console.WriteLine(string.Join(' ',
        published, subscribers.Sum(s => s.Received), expected, span.ToString("F2", CultureInfo.InvariantCulture),
        Percentile(0.50).ToString("F2", CultureInfo.InvariantCulture), Percentile(0.99).ToString("F2", CultureInfo.InvariantCulture),
        (latencies.Length == 0 ? double.NaN : Ms(latencies[^1])).ToString("F2", CultureInfo.InvariantCulture),
        subscribers.Count(s => s.Closed), failed));
    return 0;

    async Task Send()
    {
        try
        {
            var sent = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref StartTicks, sent, 0);
            using var content = new StringContent($"{{\"sent\":{sent}}}", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("realtime/publish", content);
            if (response.IsSuccessStatusCode)
                Interlocked.Increment(ref published);
            else
                Interlocked.Increment(ref failed);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failed);
        }
        finally
        {
            outstanding.Release();
        }
    }
}

static async Task<int> Idle(Uri url, int sse, int ws)
{
    using var stop = new CancellationTokenSource();
    using var client = new HttpClient { BaseAddress = url };
    async Task<(long Heap, long Rss)> MemoryAsync()
    {
        await Task.Delay(2_000);
        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("bench/memory"));
        return (document.RootElement.GetProperty("heapBytes").GetInt64(), document.RootElement.GetProperty("workingSetBytes").GetInt64());
    }
    var subscribers = new List<Subscriber>();
    var before = await MemoryAsync();
    for (var i = 0; i < sse; i++)
        subscribers.Add(await SseSubscriber.OpenAsync(url, stop.Token));
    var afterSse = await MemoryAsync();
    for (var i = 0; i < ws; i++)
        subscribers.Add(await WsSubscriber.OpenAsync(url, stop.Token));
    var afterWs = await MemoryAsync();
    var open = subscribers.Count(s => !s.Closed);
    await stop.CancelAsync();
    foreach (var subscriber in subscribers)
        subscriber.Dispose();
    string PerConnection(long bytes, int count) => count == 0 ? "-" : (bytes / 1024.0 / count).ToString("F1", CultureInfo.InvariantCulture);
    Console.WriteLine(string.Join(' ',
        PerConnection(afterSse.Heap - before.Heap, sse), PerConnection(afterSse.Rss - before.Rss, sse),
        PerConnection(afterWs.Heap - afterSse.Heap, ws), PerConnection(afterWs.Rss - afterSse.Rss, ws), open));
    return 0;
}

partial class Program
{
    /// <summary>When the first publish was sent (the deliveries' rate runs from it to the last delivery).</summary>
    internal static long StartTicks;
}

/// <summary>One subscriber: counts the messages it reads and the latency of each from its embedded send time.</summary>
abstract class Subscriber : IDisposable
{
    private static readonly byte[] Marker = "\"sent\":"u8.ToArray();
    private readonly byte[] _carry = new byte[64];
    private int _carried;

    public List<long> Latencies { get; } = new(4_096);

    public long Received { get; private set; }

    public long LastReceived { get; private set; }

    public bool Closed { get; protected set; }

    public abstract Task ReadAsync(CancellationToken cancellationToken);

    public abstract void Dispose();

    /// <summary>Scans what arrived for <c>"sent":N</c>, keeping a tail in case a marker spans two reads.</summary>
    protected void Scan(ReadOnlySpan<byte> data)
    {
        var now = Stopwatch.GetTimestamp();
        byte[]? rented = null;
        if (_carried > 0)
        {
            rented = System.Buffers.ArrayPool<byte>.Shared.Rent(_carried + data.Length);
            _carry.AsSpan(0, _carried).CopyTo(rented);
            data.CopyTo(rented.AsSpan(_carried));
            data = rented.AsSpan(0, _carried + data.Length);
            _carried = 0;
        }
        var position = 0;
        while (true)
        {
            var found = data[position..].IndexOf(Marker);
            if (found < 0)
                break;
            var start = position + found + Marker.Length;
            var end = start;
            while (end < data.Length && data[end] is >= (byte)'0' and <= (byte)'9')
                end++;
            if (end == data.Length)
            {
                position = position + found;   // the number may continue in the next read
                break;
            }
            var sent = long.Parse(data[start..end], provider: CultureInfo.InvariantCulture);
            Latencies.Add(now - sent);
            Received++;
            LastReceived = now;
            position = end;
        }
        var tail = data[position..];
        var keep = tail.IndexOf(Marker) >= 0 ? tail : tail[Math.Max(0, tail.Length - (Marker.Length - 1))..];
        if (keep.Length <= _carry.Length)
        {
            keep.CopyTo(_carry);
            _carried = keep.Length;
        }
        if (rented is not null)
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }
}

/// <summary>An SSE subscriber on a raw socket, over HTTP/1.0 so the body comes unframed (no chunk headers inside a message).</summary>
sealed class SseSubscriber : Subscriber
{
    private readonly Socket _socket;

    private SseSubscriber(Socket socket) => _socket = socket;

    public static async Task<Subscriber> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port), cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /_realtime/sse?channel=bench HTTP/1.0\r\nHost: {url.Authority}\r\nAccept: text/event-stream\r\n\r\n"), cancellationToken);
        var head = new byte[1_024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var read = await socket.ReceiveAsync(head, timeout.Token);
        if (read < 12 || !Encoding.ASCII.GetString(head, 0, 12).EndsWith("200", StringComparison.Ordinal))
            throw new InvalidOperationException("SSE refused: " + Encoding.ASCII.GetString(head, 0, read));
        return new SseSubscriber(socket);
    }

    public override async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16_384];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (read == 0)
                    break;
                Scan(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        if (!cancellationToken.IsCancellationRequested)
            Closed = true;
    }

    public override void Dispose() => _socket.Dispose();
}

/// <summary>A WebSocket subscriber: one socket, the <c>bench</c> channel.</summary>
sealed class WsSubscriber : Subscriber
{
    private readonly ClientWebSocket _socket;

    private WsSubscriber(ClientWebSocket socket) => _socket = socket;

    public static async Task<Subscriber> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"ws://{url.Authority}/_realtime/ws"), cancellationToken);
        await socket.SendAsync("{\"type\":\"subscribe\",\"id\":\"1\",\"channel\":\"bench\"}"u8.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
        var ack = new byte[1_024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(ack, timeout.Token);
        var text = Encoding.UTF8.GetString(ack, 0, result.Count);
        if (!text.Contains("\"ack\"", StringComparison.Ordinal))
            throw new InvalidOperationException("WebSocket subscribe refused: " + text);
        return new WsSubscriber(socket);
    }

    public override async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16_384];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                Scan(buffer.AsSpan(0, result.Count));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        if (!cancellationToken.IsCancellationRequested)
            Closed = true;
    }

    public override void Dispose() => _socket.Dispose();
}
