using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Durable event streams, live: <c>GET {realtime.path}/events?category=order&amp;from=P</c> (events of the
/// category with position &gt;= P) or <c>?stream=order-42&amp;from=V</c> (version &gt;= V) as SSE: what is
/// stored first (catch-up), then each event as it is numbered (woken by the event store's signal, so within
/// milliseconds; on every instance through <c>LISTEN</c>). Each frame's <c>id</c> is the position (the version
/// for a stream), so <c>Last-Event-ID</c> resumes after it. Open and guarded exactly like the read API
/// (<c>[EventCategoryApi]</c>). A stream is a realtime connection like the others: it takes a place of
/// <c>realtime.maxConnectionsPerUser</c> (429), counts in <c>bunbase_realtime_connections</c> (as <c>sse</c>) and
/// is refused (503) once the instance is stopping. Heartbeat comments keep proxies from closing an idle stream;
/// the session is checked at each, and an expired or revoked one ends the stream. The client's reading paces
/// the reads: nothing queues.
/// </summary>
internal static class EventStreamEndpoint
{
    private const int BatchSize = 200;

    public static void MapEventStream(this IEndpointRouteBuilder endpoints, string path, Func<Func<HttpContext, Task>, RequestDelegate> guarded)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<EventCategoryAccess>();
        var store = endpoints.ServiceProvider.GetRequiredService<IEventStore>();
        var signals = endpoints.ServiceProvider.GetRequiredService<EventSignals>();
        var authenticator = endpoints.ServiceProvider.GetRequiredService<Authenticator>();
        var server = endpoints.ServiceProvider.GetRequiredService<RealtimeServer>();
        var connections = endpoints.ServiceProvider.GetRequiredService<RealtimeConnections>();
        var sessions = endpoints.ServiceProvider.GetRequiredService<RealtimeSessionCheck>();
        var lifetime = endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        var json = server.Json;

        endpoints.MapGet(path + "/events", guarded(async http =>
        {
            var query = http.Request.Query;
            var category = query["category"].Count == 1 ? query["category"][0] : null;
            var stream = query["stream"].Count == 1 ? query["stream"][0] : null;
            if ((category is null) == (stream is null) || query["category"].Count > 1 || query["stream"].Count > 1)
                throw new BadRequestException("invalid_event_source", "Name one category (?category=) or one stream (?stream=).");
            if (stream is not null && EventNames.StreamProblem(stream) is { } badStream)
                throw RequestBindingException.Field("stream", badStream);
            category ??= EventNames.CategoryOf(stream!);
            if (EventNames.CategoryProblem(category) is not null || !access.TryGet(category, out var guards))
                throw new NotFoundException($"Event category '{category}' is not open for reading.", "event_category_not_found");
            var caller = await authenticator.AuthenticateAsync(new HttpCaller(http)).ConfigureAwait(false);
            if (guards.RequiresSession)
            {
                if (caller?.Ticket is null)
                    throw SessionFailures.Reject(caller?.Failure ?? SessionFailure.None);
                foreach (var requirement in guards.Requirements)
                {
                    if (!requirement.IsMetBy(caller))
                        throw requirement.Refusal();
                }
            }

            var next = From(http);
            var userKey = RealtimeEndpoints.UserKey(http, caller);
            connections.Admit(userKey, server.Options.MaxConnectionsPerUser);
            server.Metrics.Opened("sse");
            try
            {
                await StreamAsync(http, caller, stream, category, next).ConfigureAwait(false);
            }
            finally
            {
                server.Metrics.Closed("sse");
                connections.Release(userKey);
            }
        }));

        async Task StreamAsync(HttpContext http, InvocationAuth? caller, string? stream, string category, long next)
        {
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            var body = http.Response.BodyWriter;
            await body.WriteAsync(": connected\nretry: 2000\n\n"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            var heartbeat = TimeSpan.FromMilliseconds(server.Options.HeartbeatMs);
            var checkedAt = server.Clock.GetTimestamp();
            try
            {
                while (true)
                {
                    // Every heartbeat, also while events keep coming: an expired or revoked session ends the stream.
                    if (server.Clock.GetElapsedTime(checkedAt) >= heartbeat)
                    {
                        checkedAt = server.Clock.GetTimestamp();
                        if (caller?.Ticket is { } ticket && await sessions.EndReasonAsync(ticket).ConfigureAwait(false) is { } reason)
                        {
                            server.Metrics.Dropped(reason);
                            body.Write("event: closed\ndata: "u8);
                            body.Write(RealtimeFrames.Closing(reason).Control);
                            await body.WriteAsync("\n\n"u8.ToArray(), ends.Token).ConfigureAwait(false);
                            return;
                        }
                    }

                    var woken = signals.Sequenced;
                    var events = stream is not null
                        ? await store.ReadStreamAsync(stream, next, BatchSize, ends.Token).ConfigureAwait(false)
                        : await store.ReadCategoryAsync(category, next - 1, BatchSize, ends.Token).ConfigureAwait(false);
                    foreach (var e in events)
                    {
                        var id = stream is not null ? e.Version : e.GlobalPosition!.Value;
                        body.Write(Encoding.UTF8.GetBytes($"id: {id.ToString(CultureInfo.InvariantCulture)}\nevent: event\ndata: "));
                        body.Write(JsonSerializer.SerializeToUtf8Bytes(EventView.Of(e), json));
                        body.Write("\n\n"u8);
                        next = id + 1;
                    }

                    if (events.Count > 0)
                        await body.FlushAsync(ends.Token).ConfigureAwait(false);
                    if (events.Count == BatchSize)
                        continue;
                    var quiet = await Task.WhenAny(woken, Task.Delay(heartbeat, server.Clock, ends.Token)).ConfigureAwait(false) != woken;
                    ends.Token.ThrowIfCancellationRequested();
                    if (quiet)
                        await body.WriteAsync(": heartbeat\n\n"u8.ToArray(), ends.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
            {
                await body.WriteAsync("event: reconnect\ndata: {\"type\":\"reconnect\",\"reason\":\"shutdown\"}\n\n"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (Exception ex) when (DatabaseErrors.IsOutage(ex) && !http.RequestAborted.IsCancellationRequested)
            {
                // The database went away: the client is told to come back and resume after its last id (here once the
                // database answers, or on another instance), not cut off with an error logged for every stream.
                await body.WriteAsync("event: reconnect\ndata: {\"type\":\"reconnect\",\"reason\":\"unavailable\"}\n\n"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>Last-Event-ID</c> + 1, else <c>from</c> (default: the start).</summary>
    private static long From(HttpContext http)
    {
        var last = http.Request.Headers["Last-Event-ID"].ToString();
        if (last.Length > 0)
        {
            // long.MaxValue would wrap to the start of the stream and replay all of it.
            return long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var seen) && seen < long.MaxValue
                ? seen + 1
                : throw new BadRequestException("invalid_last_event_id", "Last-Event-ID is the position (or version) of the last event received.");
        }

        var from = http.Request.Query["from"];
        if (from.Count == 0)
            return 1;
        return from.Count == 1 && long.TryParse(from[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Max(1, value)
            : throw RequestBindingException.Field("from", "The field from must be a whole number, 0 or more, given once.");
    }
}
