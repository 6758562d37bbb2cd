using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using Bunbase.Runtime.Auth;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// A <c>text/event-stream</c> response. Each channel message is <c>id: CURSOR</c> and
/// <c>data: {"type":"message",...}</c>; the cursor is the last id written of every subscribed channel,
/// joined by <c>.</c> in the order of the request's <c>channel</c> parameters, which the browser sends back
/// as <c>Last-Event-ID</c> when it reconnects. Controls are <c>event: TYPE</c> frames; heartbeats are comments.
/// </summary>
internal sealed class SseConnection(RealtimeServer server, HttpContext http, InvocationAuth? caller, string userKey)
    : RealtimeConnection(server, "sse", caller, userKey)
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private readonly PipeWriter _body = http.Response.BodyWriter;
    private Subscriber[] _order = [];

    /// <summary>The subscribers in the order of the request's channels (the cursor's order).</summary>
    public void Ordered(Subscriber[] subscribers) => _order = subscribers;

    public override void Abort() => http.Abort();

    protected override ValueTask WriteAsync(Outgoing item, CancellationToken cancellationToken)
    {
        if (item.Message is { } message)
        {
            item.Subscriber!.SentId = message.Id;
            Write("id: "u8);
            if (_order.Length == 1)
            {
                WriteNumber(message.Id);
            }
            else
            {
                for (var i = 0; i < _order.Length; i++)
                {
                    if (i > 0)
                        Write("."u8);
                    WriteNumber(_order[i].SentId);
                }
            }

            Write("\ndata: "u8);
            Write(message.Json.Span);
            Write("\n\n"u8);
        }
        else if (item.Type == "heartbeat")
        {
            Write(Heartbeat);
        }
        else
        {
            Write("event: "u8);
            Write(Encoding.UTF8.GetBytes(item.Type!));
            Write("\ndata: "u8);
            Write(item.Control);
            Write("\n\n"u8);
        }

        return ValueTask.CompletedTask;
    }

    protected override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _body.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted || result.IsCanceled)
            throw new OperationCanceledException();
    }

    private void Write(ReadOnlySpan<byte> bytes) => _body.Write(bytes);

    private void WriteNumber(long value)
    {
        var span = _body.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _body.Advance(written);
    }
}
