using System.Threading.Channels;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// One client's SSE stream or WebSocket: its subscriptions and its bounded queue of what is to be
/// written, drained by one writer. Nothing waits for the client but that writer: when the queue is
/// full (<c>realtime.queueCapacity</c>) the client is told it was dropped and the connection is
/// closed, so a client that reads nothing holds at most the queue's messages in server memory.
/// </summary>
internal abstract class RealtimeConnection
{
    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(1);
    private readonly Channel<Outgoing> _queue;
    private readonly Dictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Outgoing? _final;
    private volatile bool _discard;
    private int _closed;
    private long _flushingSince;

    protected RealtimeConnection(RealtimeServer server, string transport, InvocationAuth? caller, string userKey)
    {
        Server = server;
        Transport = transport;
        Caller = caller;
        UserKey = userKey;
        QueueCapacity = server.Options.QueueCapacity;
        _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Unique across instances.</summary>
    public string Id { get; } = Uuid7.New().ToString("N");

    public RealtimeServer Server { get; }

    /// <summary><c>sse</c> or <c>ws</c>.</summary>
    public string Transport { get; }

    /// <summary>The session it was opened with (checked for revocation while it lasts).</summary>
    public InvocationAuth? Caller { get; }

    /// <summary>Whom the per-user connection limit counts it for.</summary>
    public string UserKey { get; }

    public int QueueCapacity { get; }

    /// <summary>Messages waiting to be written.</summary>
    public int Queued => _queue.Reader.Count;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Cancelled when the connection is dropped: the writer stops at once.</summary>
    public CancellationToken Stopping => _stop.Token;

    public Subscriber[] Subscribers()
    {
        lock (_subscribers)
            return [.. _subscribers.Values];
    }

    public bool IsSubscribed(string channel)
    {
        lock (_subscribers)
            return _subscribers.ContainsKey(channel);
    }

    /// <summary>Adds a subscriber unless the channel is taken or the limit reached; false then.</summary>
    public bool TryAdd(Subscriber subscriber, int max, out bool limited)
    {
        lock (_subscribers)
        {
            limited = _subscribers.Count >= max;
            return !limited && _subscribers.TryAdd(subscriber.Channel, subscriber);
        }
    }

    public Subscriber? Take(string channel)
    {
        lock (_subscribers)
            return _subscribers.Remove(channel, out var subscriber) ? subscriber : null;
    }

    public void Enqueue(Outgoing item)
    {
        if (IsClosed)
            return;
        if (!_queue.Writer.TryWrite(item))
        {
            Drop(RealtimeFrames.OverflowReason);
            return;
        }

        Server.Metrics.ObserveQueue(_queue.Reader.Count);
    }

    public void Notify(Outgoing control) => Enqueue(control);

    /// <summary>
    /// Closes at once, cancelling the write in progress (which, on a WebSocket, aborts it): for a client
    /// that does not read or is gone. It gets the closing notice only if it reads on.
    /// </summary>
    public void Drop(string reason)
    {
        if (Close(RealtimeFrames.Closing(reason), discard: true, abort: true) && reason == RealtimeFrames.OverflowReason)
            Server.Metrics.Dropped(reason);
    }

    /// <summary>
    /// Closes after what is queued is written (or, with <paramref name="discard"/>, without it), then
    /// <paramref name="notice"/>; false when already closing.
    /// </summary>
    public bool Close(Outgoing notice, bool discard = false, bool abort = false)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return false;
        _final = notice;
        _discard = discard;
        _queue.Writer.TryComplete();
        if (abort)
            _stop.Cancel();
        return true;
    }

    /// <summary>Whether a write or flush has waited on the client longer than <paramref name="limit"/> (a dead or stuck client).</summary>
    public bool IsStalled(TimeSpan limit)
    {
        var since = Interlocked.Read(ref _flushingSince);
        return since != 0 && Server.Clock.GetElapsedTime(since) > limit;
    }

    /// <summary>Writes the queue until the connection closes, then the closing notice (briefly: the client may be gone).</summary>
    public async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _flushingSince, Server.Clock.GetTimestamp());
                while (!_discard && reader.TryRead(out var item))
                {
                    await WriteAsync(item, _stop.Token).ConfigureAwait(false);
                    if (item.Message is not null)
                        Server.Metrics.Sent(Transport);
                }

                await FlushAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _flushingSince, 0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // Dropped, or the client went away.
        }

        Close(RealtimeFrames.Closing("closed"), discard: true, abort: true);
        if (_final is { } final)
        {
            using var timeout = new CancellationTokenSource(FinalWriteTimeout, Server.Clock);
            try
            {
                await WriteAsync(final, timeout.Token).ConfigureAwait(false);
                await FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The client reads nothing or is gone: it learns from the closed connection.
            }
        }
    }

    /// <summary>Ends the transport at once (a client that does not read).</summary>
    public abstract void Abort();

    protected abstract ValueTask WriteAsync(Outgoing item, CancellationToken cancellationToken);

    protected abstract ValueTask FlushAsync(CancellationToken cancellationToken);
}
