using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>A WebSocket client of the realtime protocol over a real connection.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Queue<JsonElement> _skipped = new();

    private WsClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<WsClient> ConnectAsync(Uri server, string? bearer = null, string? cookie = null, string? origin = null, string path = "/_realtime/ws")
    {
        var socket = new ClientWebSocket();
        if (bearer is not null)
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        if (cookie is not null)
            socket.Options.SetRequestHeader("Cookie", "session=" + cookie);
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}{path}"), timeout.Token);
        return new WsClient(socket);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message from the server; null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
        }
    }

    /// <summary>Messages until one of <paramref name="type"/> (others skipped, at most 1,000), first among those a request skipped.</summary>
    public async Task<JsonElement> ReceiveAsync(string type, int seconds = 20)
    {
        while (_skipped.TryDequeue(out var earlier))
        {
            if (earlier.GetProperty("type").GetString() == type)
                return earlier;
        }

        for (var i = 0; i < 1_000; i++)
        {
            var message = await ReceiveAsync(seconds) ?? throw new InvalidOperationException($"The socket closed before a '{type}'.");
            if (message.GetProperty("type").GetString() == type)
                return message;
        }

        throw new InvalidOperationException($"No '{type}' in 1,000 messages.");
    }

    /// <summary>The next channel message with event <paramref name="name"/> (presence and other events skipped).</summary>
    public async Task<JsonElement> ReceiveEventAsync(string name)
    {
        for (var i = 0; i < 1_000; i++)
        {
            var message = await ReceiveAsync("message");
            if (message.GetProperty("event").GetString() == name)
                return message;
        }

        throw new InvalidOperationException($"No '{name}' message in 1,000.");
    }

    /// <summary>Sends a request and returns its reply (the next ack, error, pong or members with its id).</summary>
    public async Task<JsonElement> RequestAsync(object message, string id)
    {
        await SendAsync(message);
        for (var i = 0; i < 1_000; i++)
        {
            var reply = await ReceiveAsync() ?? throw new InvalidOperationException("The socket closed before the reply.");
            if (reply.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.String && replyId.GetString() == id && reply.GetProperty("type").GetString() != "message")
                return reply;
            _skipped.Enqueue(reply);
        }

        throw new InvalidOperationException("No reply in 1,000 messages.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
