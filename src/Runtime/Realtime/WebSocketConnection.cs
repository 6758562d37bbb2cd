using System.Net.WebSockets;
using Bunbase.Runtime.Auth;

namespace Bunbase.Runtime.Realtime;

/// <summary>A WebSocket: every item is one text message (heartbeats are the socket's own pings).</summary>
internal sealed class WebSocketConnection(RealtimeServer server, WebSocket socket, InvocationAuth? caller, string userKey)
    : RealtimeConnection(server, "ws", caller, userKey)
{
    public WebSocket Socket { get; } = socket;

    public override void Abort() => Socket.Abort();

    protected override ValueTask WriteAsync(Outgoing item, CancellationToken cancellationToken)
    {
        if (item.Message is { } message)
            return Socket.SendAsync(message.Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        return item.Type == "heartbeat" ? ValueTask.CompletedTask : Socket.SendAsync(item.Control.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
