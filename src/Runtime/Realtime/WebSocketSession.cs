using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Reads a WebSocket client's messages, one at a time: JSON objects with a <c>type</c> (<c>subscribe</c>,
/// <c>unsubscribe</c>, <c>publish</c>, <c>presence</c>, <c>ping</c>) and an optional <c>id</c> the reply
/// repeats (<c>ack</c>, <c>pong</c>, <c>members</c> or <c>error</c> with a status and code). A bad message gets
/// an error and the socket stays open; a message larger than <c>realtime.maxMessageBytes</c> plus 1 KB is
/// skipped with <c>message_too_large</c>.
/// </summary>
internal sealed partial class WebSocketSession(WebSocketConnection connection, ILogger logger)
{
    private readonly RealtimeServer _server = connection.Server;

    /// <summary>What an idle socket holds for reading: client messages are small, so a larger buffer is rented only while one needs it.</summary>
    private const int IdleBufferBytes = 1_024;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var limit = _server.Options.MaxMessageBytes + 1024;
        var small = new byte[IdleBufferBytes];
        var buffer = small;
        try
        {
            while (!connection.IsClosed)
            {
                var length = 0;
                var tooLarge = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (!tooLarge && length == buffer.Length && buffer.Length <= limit)
                        buffer = Grow(buffer, length, limit + 1);
                    var room = tooLarge ? buffer.AsMemory(0, Math.Min(buffer.Length, 4096)) : buffer.AsMemory(length, buffer.Length - length);
                    result = await connection.Socket.ReceiveAsync(room, cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                        return;
                    if (!tooLarge)
                        length += result.Count;
                    if (length > limit)
                        tooLarge = true;
                }
                while (!result.EndOfMessage);

                if (tooLarge)
                    connection.Notify(RealtimeFrames.Error(null, 400, "message_too_large", $"A message has at most {limit} bytes (realtime.maxMessageBytes plus 1 KB)."));
                else if (result.MessageType != WebSocketMessageType.Text)
                    connection.Notify(RealtimeFrames.Error(null, 400, "invalid_message", "Messages are JSON text."));
                else
                    await HandleAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                if (!ReferenceEquals(buffer, small))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = small;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away, or the connection was dropped.
        }
        finally
        {
            if (!ReferenceEquals(buffer, small))
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A buffer with room for <paramref name="largest"/> bytes holding what was read so far (the small one is kept for the next message).</summary>
    private static byte[] Grow(byte[] buffer, int length, int largest)
    {
        var larger = ArrayPool<byte>.Shared.Rent(largest);
        buffer.AsSpan(0, length).CopyTo(larger);
        if (buffer.Length > IdleBufferBytes)
            ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text, CancellationToken cancellationToken)
    {
        string? id = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new BadRequestException("invalid_message", "A message is a JSON object with a type.");
            id = Id(root);
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "subscribe":
                    await _server.SubscribeAsync(connection, Text(root, "channel"), LastEventId(root), cancellationToken).ConfigureAwait(false);
                    connection.Notify(RealtimeFrames.Ack(id));
                    break;
                case "unsubscribe":
                    if (!await _server.UnsubscribeAsync(connection, Text(root, "channel"), cancellationToken).ConfigureAwait(false))
                        throw new NotFoundException("Not subscribed to that channel.", "not_subscribed");
                    connection.Notify(RealtimeFrames.Ack(id));
                    break;
                case "publish":
                    var channel = Text(root, "channel");
                    var name = Text(root, "event");
                    if (!root.TryGetProperty("data", out var data))
                        throw new BadRequestException("invalid_message", "A publish has data (any JSON value).");
                    await _server.Access.AdmitAsync(channel, ChannelOperation.Publish, connection.Caller, _server.Services, cancellationToken).ConfigureAwait(false);
                    var messageId = await _server.PublishJsonAsync(channel, name, data.GetRawText(), "client", cancellationToken).ConfigureAwait(false);
                    connection.Notify(RealtimeFrames.Ack(id, messageId));
                    break;
                case "presence":
                    var of = Text(root, "channel");
                    var rule = await _server.Access.AdmitAsync(of, ChannelOperation.Subscribe, connection.Caller, _server.Services, cancellationToken).ConfigureAwait(false);
                    if (!rule.Presence)
                        throw new NotFoundException($"Channel '{of}' does not track presence.", "presence_not_tracked");
                    connection.Notify(RealtimeFrames.Members(id, of, await _server.Presence.MembersAsync(of, cancellationToken).ConfigureAwait(false)));
                    break;
                case "ping":
                    connection.Notify(RealtimeFrames.Pong(id));
                    break;
                case null:
                    throw new BadRequestException("invalid_message", "A message has a type: subscribe, unsubscribe, publish, presence or ping.");
                default:
                    throw new BadRequestException("unknown_type", $"Unknown message type '{type}': subscribe, unsubscribe, publish, presence or ping.");
            }
        }
        catch (JsonException)
        {
            connection.Notify(RealtimeFrames.Error(id, 400, "invalid_message", "A message is a JSON object with a type."));
        }
        catch (InvalidOperationException) when (JsonText.FindInvalidText(text.Span) is { } offset)
        {
            connection.Notify(RealtimeFrames.Error(id, 400, "invalid_message", JsonText.Explain("The message", offset)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = ErrorClassifier.Classify(ex, cancellationToken);
            if (problem.Status >= 500)
                LogFailed(logger, ex);
            connection.Notify(RealtimeFrames.Error(id, problem.Status, problem.Code, problem.Detail));
        }
    }

    private static string? Id(JsonElement root)
    {
        if (!root.TryGetProperty("id", out var id))
            return null;
        return id.ValueKind switch
        {
            JsonValueKind.String => id.GetString(),
            JsonValueKind.Number => id.GetRawText(),
            _ => throw new BadRequestException("invalid_message", "A message's id is a string or a number."),
        };
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadRequestException("invalid_message", $"The message needs '{name}' (a string).");

    private static long? LastEventId(JsonElement root)
    {
        if (!root.TryGetProperty("lastEventId", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0)
            return number;
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
            return number;
        throw new BadRequestException("invalid_last_event_id", "lastEventId is a message id (a whole number, 0 or more).");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A realtime client message failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
