using System.Globalization;
using System.Net.WebSockets;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// <c>GET {realtime.path}/sse?channel=a&amp;channel=b</c> (resume with <c>Last-Event-ID</c> or
/// <c>?lastEventId=</c>), <c>GET {realtime.path}/ws</c> (one socket, many channels) and
/// <c>GET {realtime.path}/presence?channel=</c>. Refusals before the stream starts are problem
/// responses (400, 401, 403, 404, 429, 503), never a 500.
/// </summary>
internal static class RealtimeEndpoints
{
    public static void MapRealtime(this IEndpointRouteBuilder endpoints)
    {
        var server = endpoints.ServiceProvider.GetRequiredService<RealtimeServer>();
        if (!server.Options.Enabled)
            return;
        var connections = endpoints.ServiceProvider.GetRequiredService<RealtimeConnections>();
        var authenticator = endpoints.ServiceProvider.GetRequiredService<Authenticator>();
        var problems = endpoints.ServiceProvider.GetRequiredService<ProblemResponses>();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Bunbase.Runtime.Realtime");
        var path = server.Options.Path;

        RequestDelegate Guarded(Func<HttpContext, Task> handle) => async http =>
        {
            try
            {
                await handle(http).ConfigureAwait(false);
            }
            catch (Exception ex) when (!http.Response.HasStarted)
            {
                await problems.WriteExceptionAsync(http, "realtime", ex).ConfigureAwait(false);
            }
        };

        endpoints.MapGet(path + "/sse", Guarded(async http =>
        {
            var channels = Channels(http, server.Options.MaxChannelsPerConnection);
            var resume = LastEventIds(http, channels.Length);
            var caller = await authenticator.AuthenticateAsync(new HttpCaller(http)).ConfigureAwait(false);
            var connection = new SseConnection(server, http, caller, UserKey(http, caller));
            connections.Open(connection, server.Options.MaxConnectionsPerUser);
            try
            {
                var ordered = new Subscriber[channels.Length];
                for (var i = 0; i < channels.Length; i++)
                {
                    await server.SubscribeAsync(connection, channels[i], resume?[i], http.RequestAborted).ConfigureAwait(false);
                    ordered[i] = connection.Subscribers().First(s => s.Channel == channels[i]);
                }

                connection.Ordered(ordered);
                http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers["X-Accel-Buffering"] = "no";
                await http.Response.BodyWriter.WriteAsync(": connected\nretry: 2000\n\n"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
                using (http.RequestAborted.Register(static state => ((RealtimeConnection)state!).Drop("closed"), connection))
                    await connection.RunWriterAsync().ConfigureAwait(false);
            }
            finally
            {
                connection.Drop("closed");
                connections.Closed(connection);
                await server.ReleaseAsync(connection).ConfigureAwait(false);
            }
        }));

        endpoints.MapGet(path + "/ws", Guarded(async http =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
                throw new BadRequestException("websocket_required", "This endpoint takes a WebSocket upgrade (GET with Upgrade: websocket).");
            var caller = await authenticator.AuthenticateAsync(new SocketCaller(http)).ConfigureAwait(false);
            var userKey = UserKey(http, caller);

            // Refused before the upgrade (429, 503 as problems, like SSE): a socket accepted only to be refused
            // would hold its place for as long as its client takes to answer the close.
            connections.Admit(userKey, server.Options.MaxConnectionsPerUser);
            WebSocket socket;
            try
            {
                socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
                {
                    KeepAliveInterval = TimeSpan.FromMilliseconds(server.Options.HeartbeatMs),
                    KeepAliveTimeout = TimeSpan.FromMilliseconds(server.Options.IdleTimeoutMs),
                }).ConfigureAwait(false);
            }
            catch
            {
                connections.Release(userKey);
                throw;
            }

            using (socket)
            {
                var connection = new WebSocketConnection(server, socket, caller, userKey);
                connections.Opened(connection);
                try
                {
                    // Not the connection's own token: cancelling a socket's receive aborts the socket, and a
                    // closing connection still sends its notice and a close frame.
                    var writer = connection.RunWriterAsync();
                    var reader = new WebSocketSession(connection, logger).RunAsync(http.RequestAborted);
                    await Task.WhenAny(writer, reader).ConfigureAwait(false);
                    connection.Close(RealtimeFrames.Closing("closed"), discard: true);
                    await writer.ConfigureAwait(false);
                    await CloseAsync(connection).ConfigureAwait(false);
                    try
                    {
                        await reader.WaitAsync(TimeSpan.FromSeconds(2), connection.Server.Clock).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        connection.Abort();
                        await reader.ConfigureAwait(false);
                    }
                }
                finally
                {
                    connections.Closed(connection);
                    await server.ReleaseAsync(connection).ConfigureAwait(false);
                }
            }
        }));

        endpoints.MapEventStream(path, Guarded);

        endpoints.MapGet(path + "/presence", Guarded(async http =>
        {
            // One channel: not the connections' limit, which would be named in the refusal.
            if (http.Request.Query["channel"].Count > 1)
                throw RequestBindingException.Field("channel", "A presence request names one channel: ?channel=NAME.");
            var channel = Channels(http, 1)[0];
            var caller = await authenticator.AuthenticateAsync(new HttpCaller(http)).ConfigureAwait(false);
            var rule = await server.Access.AdmitAsync(channel, ChannelOperation.Subscribe, caller, server.Services, http.RequestAborted).ConfigureAwait(false);
            if (!rule.Presence)
                throw new NotFoundException($"Channel '{channel}' does not track presence.", "presence_not_tracked");
            var members = await server.Presence.MembersAsync(channel, http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(RealtimeFrames.Members(null, channel, members).Control, http.RequestAborted).ConfigureAwait(false);
        }));
    }

    /// <summary>After the writer: a close frame (going away on shutdown), or an abort when the client does not read.</summary>
    private static async Task CloseAsync(WebSocketConnection connection)
    {
        if (connection.Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), connection.Server.Clock);
        try
        {
            await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "closing", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            connection.Abort();
        }
    }

    /// <summary>The <c>channel</c> parameters: 1 to the limit, each a valid name, none twice.</summary>
    private static string[] Channels(HttpContext http, int max)
    {
        var values = http.Request.Query["channel"];
        if (values.Count == 0)
            throw RequestBindingException.Field("channel", "Name one or more channels: ?channel=NAME.");
        if (values.Count > max)
            throw new BadRequestException("too_many_channels", $"A connection subscribes to at most {max} channels (realtime.maxChannelsPerConnection).");
        var channels = new string[values.Count];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = values[i] ?? "";
            if (ChannelNames.ChannelProblem(channels[i]) is { } problem)
                throw new BadRequestException("invalid_channel", $"Channel '{channels[i]}': {problem}");
            if (Array.IndexOf(channels, channels[i], 0, i) >= 0)
                throw new BadRequestException("invalid_channel", $"Channel '{channels[i]}' is named twice.");
        }

        return channels;
    }

    /// <summary><c>Last-Event-ID</c> (or <c>?lastEventId=</c>): one id per channel, joined by <c>.</c>, in the channels' order.</summary>
    private static long[]? LastEventIds(HttpContext http, int count)
    {
        var text = http.Request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0)
            text = http.Request.Query["lastEventId"].ToString();
        if (text.Length == 0)
            return null;
        var parts = text.Split('.');
        var ids = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts.Length != count || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                throw new BadRequestException("invalid_last_event_id", $"Last-Event-ID is one message id per channel, joined by '.', in the order of the channel parameters ({count}).");
        }

        return ids;
    }

    /// <summary>Whom the per-user connection limit counts a stream for: its user, else its client address.</summary>
    internal static string UserKey(HttpContext http, InvocationAuth? caller) =>
        caller?.User?.Id is { } user ? "user:" + user : "ip:" + http.Connection.RemoteIpAddress;
}
