using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>One SSE and one WebSocket subscriber of a channel on one instance, read side by side ("said" events).</summary>
public sealed class SubscriberPair : IAsyncDisposable
{
    private readonly SseClient _stream;
    private readonly WsClient _socket;

    private SubscriberPair(SseClient stream, WsClient socket)
    {
        _stream = stream;
        _socket = socket;
    }

    public static async Task<SubscriberPair> OpenAsync(AppServer server, string channel)
    {
        var stream = await SseClient.OpenAsync(server.Client, "channel=" + channel);
        var socket = await WsClient.ConnectAsync(server.Address);
        await socket.RequestAsync(new { type = "subscribe", id = "s", channel }, "s");
        return new SubscriberPair(stream, socket);
    }

    /// <summary>The ids of the next <paramref name="count"/> messages each subscriber receives.</summary>
    public async Task<(List<long> ViaSse, List<long> ViaWs)> NextIdsAsync(int count)
    {
        var viaSse = new List<long>();
        var viaWs = new List<long>();
        for (var i = 0; i < count; i++)
        {
            viaSse.Add((await _stream.NextMessageAsync()).GetProperty("id").GetInt64());
            viaWs.Add((await _socket.ReceiveEventAsync("said")).GetProperty("id").GetInt64());
        }

        return (viaSse, viaWs);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        await _socket.DisposeAsync();
    }
}
