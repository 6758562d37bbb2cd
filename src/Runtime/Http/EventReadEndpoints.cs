using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Http;

/// <summary>
/// The event read API, for the categories an app opens (<see cref="EventCategoryAccess"/>), each
/// behind its guards: <c>GET /_events/categories/{category}?from=&amp;limit=</c> (sequenced events
/// with <c>position &gt;= from</c>, in position order), <c>GET /_events/streams/{stream}?from=&amp;limit=</c>
/// (<c>version &gt;= from</c>) and <c>GET /_events/streams/{stream}/last</c>. Pages carry <c>next</c>,
/// the <c>from</c> of the following page. A category that is not open is 404, bad <c>from</c>/<c>limit</c> 400.
/// </summary>
internal static class EventReadEndpoints
{
    public const string Prefix = "/_events";
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1_000;

    public static void MapEventReads(this IEndpointRouteBuilder endpoints)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<EventCategoryAccess>();
        if (access.IsEmpty)
            return;
        var store = endpoints.ServiceProvider.GetRequiredService<IEventStore>();
        var authenticator = endpoints.ServiceProvider.GetRequiredService<Authenticator>();
        var problems = endpoints.ServiceProvider.GetRequiredService<ProblemResponses>();
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        RequestDelegate Guarded(Func<HttpContext, Task> handle) => async http =>
        {
            try
            {
                await handle(http).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await problems.WriteExceptionAsync(http, "events", ex).ConfigureAwait(false);
            }
        };

        async Task AdmitAsync(HttpContext http, string category)
        {
            if (EventNames.CategoryProblem(category) is not null || !access.TryGet(category, out var guards))
                throw new NotFoundException($"Event category '{category}' is not open for reading.", "event_category_not_found");
            if (!guards.RequiresSession)
                return;
            var request = new HttpCaller(http);
            var caller = await authenticator.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller?.Ticket is null)
                throw SessionFailures.Reject(caller?.Failure ?? SessionFailure.None);
            foreach (var requirement in guards.Requirements)
            {
                if (!requirement.IsMetBy(caller))
                    throw requirement.Refusal();
            }
        }

        endpoints.MapGet(Prefix + "/categories/{category}", Guarded(async http =>
        {
            var category = (string)http.GetRouteValue("category")!;
            await AdmitAsync(http, category).ConfigureAwait(false);
            var (from, limit) = Paging(http.Request.Query);
            var events = await store.ReadCategoryAsync(category, Math.Max(0, from - 1), limit, http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, new EventPage([.. events.Select(EventView.Of)], events.Count == 0 ? Math.Max(from, 1) : events[^1].GlobalPosition!.Value + 1), json).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/streams/{stream}", Guarded(async http =>
        {
            var stream = StreamOf(http);
            await AdmitAsync(http, EventNames.CategoryOf(stream)).ConfigureAwait(false);
            var (from, limit) = Paging(http.Request.Query);
            var events = await store.ReadStreamAsync(stream, from, limit, http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, new EventPage([.. events.Select(EventView.Of)], events.Count == 0 ? Math.Max(from, 1) : events[^1].Version + 1), json).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/streams/{stream}/last", Guarded(async http =>
        {
            var stream = StreamOf(http);
            await AdmitAsync(http, EventNames.CategoryOf(stream)).ConfigureAwait(false);
            var last = await store.ReadLastAsync(stream, http.RequestAborted).ConfigureAwait(false)
                ?? throw new NotFoundException($"Stream '{stream}' has no events.", "event_stream_not_found");
            await WriteAsync(http, EventView.Of(last), json).ConfigureAwait(false);
        }));
    }

    private static string StreamOf(HttpContext http)
    {
        var stream = (string)http.GetRouteValue("stream")!;
        return EventNames.StreamProblem(stream) is { } problem ? throw RequestBindingException.Field("stream", problem) : stream;
    }

    /// <summary><c>from</c>: 0 or more (default 0, the start); <c>limit</c>: 1 to 1,000 (default 100). Each at most once.</summary>
    private static (long From, int Limit) Paging(IQueryCollection query)
    {
        var from = 0L;
        var limit = DefaultLimit;
        if (One(query, "from") is { } fromText && !long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            throw RequestBindingException.Field("from", "The field from must be a whole number, 0 or more.");
        if (One(query, "limit") is { } limitText && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            throw RequestBindingException.Field("limit", $"The field limit must be between 1 and {MaxLimit}.");
        return (from, limit);
    }

    private static string? One(IQueryCollection query, string field)
    {
        var value = query[field];
        if (value.Count > 1)
            throw RequestBindingException.Field(field, $"The field {field} was given {value.Count} times; it takes one value.");
        return value.Count == 1 ? value[0] : null;
    }

    private static Task WriteAsync<T>(HttpContext http, T body, JsonSerializerOptions json) =>
        http.Response.WriteAsJsonAsync(body, json, http.RequestAborted);

    private sealed record EventPage(List<EventView> Items, long Next);
}
