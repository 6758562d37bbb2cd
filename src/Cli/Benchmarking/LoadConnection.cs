using System.Net.Sockets;

namespace Bunbase.Cli.Benchmarking;

/// <summary>One connection's state on its load thread: the socket, buffers and the requests in flight.</summary>
internal sealed class LoadConnection(int index, int pipelining, int firstRequest)
{
    private readonly long[] sentAt = new long[pipelining];
    private readonly long[] intendedAt = new long[pipelining];
    private readonly bool[] head = new bool[pipelining];
    private int oldest;

    public int Index { get; } = index;

    public Socket? Socket { get; set; }

    public ResponseParser Parser { get; } = new();

    public byte[] Input { get; set; } = new byte[16 * 1024];

    public int InputStart { get; set; }

    public int InputEnd { get; set; }

    public byte[] Output { get; set; } = new byte[4 * 1024];

    public int OutputStart { get; set; }

    public int OutputEnd { get; set; }

    /// <summary>The next request of the pool this connection sends.</summary>
    public int NextRequest { get; set; } = firstRequest;

    /// <summary>Constant-rate mode: when the next request is due (timestamp ticks).</summary>
    public long NextIntended { get; set; }

    /// <summary>When a closed connection may be opened again (timestamp ticks).</summary>
    public long RetryAt { get; set; }

    public int InFlight { get; private set; }

    /// <summary>Whether the poller also wakes for writing (a send would have blocked).</summary>
    public bool WaitsToWrite { get; set; }

    public bool CanSend => InFlight < sentAt.Length;

    public bool HasOutput => OutputEnd > OutputStart;

    public long OldestSentAt => sentAt[oldest];

    public long OldestIntendedAt => intendedAt[oldest];

    public bool OldestIsHead => head[oldest];

    /// <summary>Queues a request's bytes and remembers when it was sent (and meant to be sent).</summary>
    public void Enqueue(byte[] request, bool isHead, long now, long intended)
    {
        if (OutputEnd + request.Length > Output.Length)
        {
            var used = OutputEnd - OutputStart;
            var buffer = used + request.Length > Output.Length ? new byte[Math.Max(Output.Length * 2, used + request.Length)] : Output;
            Buffer.BlockCopy(Output, OutputStart, buffer, 0, used);
            (Output, OutputStart, OutputEnd) = (buffer, 0, used);
        }

        Buffer.BlockCopy(request, 0, Output, OutputEnd, request.Length);
        OutputEnd += request.Length;
        var slot = (oldest + InFlight) % sentAt.Length;
        sentAt[slot] = now;
        intendedAt[slot] = intended;
        head[slot] = isHead;
        InFlight++;
    }

    /// <summary>The oldest request in flight got its response.</summary>
    public void Dequeue()
    {
        oldest = (oldest + 1) % sentAt.Length;
        InFlight--;
    }

    /// <summary>Forgets the socket, buffers and requests in flight (they were counted by the caller).</summary>
    public void Reset()
    {
        Socket?.Dispose();
        Socket = null;
        Parser.Reset();
        InputStart = InputEnd = OutputStart = OutputEnd = 0;
        InFlight = 0;
        oldest = 0;
        WaitsToWrite = false;
    }
}
