using System.Text.Json;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// Outbound webhook endpoints for operators, behind <see cref="AdminGate"/> (the same as <c>bunbase webhooks</c>):
/// <c>GET /_admin/webhooks</c>, <c>POST /_admin/webhooks</c> (<c>{ "url", "eventTypes", "description", "ordered" }</c>; the
/// answer holds the generated secret), <c>GET</c>/<c>DELETE /_admin/webhooks/{id}</c>,
/// <c>POST /_admin/webhooks/{id}/enable</c> or <c>/disable</c>, <c>GET /_admin/webhooks/deliveries?endpoint=&amp;status=&amp;limit=</c>,
/// <c>GET /_admin/webhooks/deliveries/{id}</c> (with its attempts) and <c>POST /_admin/webhooks/deliveries/{id}/redeliver</c>.
/// </summary>
internal static class WebhookAdminEndpoints
{
    private const string Prefix = AdminGate.Prefix + "/webhooks";

    private static readonly string[] Statuses = ["pending", "delivered", "failed", "skipped"];

    public static void MapWebhookAdmin(this IEndpointRouteBuilder endpoints)
    {
        var gate = endpoints.ServiceProvider.GetRequiredService<AdminGate>();
        if (!gate.Enabled)
            return;
        var store = endpoints.ServiceProvider.GetRequiredService<WebhookStore>();
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        endpoints.MapGet(Prefix, gate.Guard(async http =>
            await http.Response.WriteAsJsonAsync(new Listing<WebhookEndpointInfo>(await store.ListEndpointsAsync(http.RequestAborted).ConfigureAwait(false)), json, http.RequestAborted).ConfigureAwait(false)));

        endpoints.MapPost(Prefix, gate.Guard(async http =>
        {
            var request = await ReadAsync(http).ConfigureAwait(false);
            var endpoint = await store.AddEndpointAsync(request.Url, request.EventTypes, request.Description, http.RequestAborted, request.Ordered).ConfigureAwait(false);
            http.Response.StatusCode = StatusCodes.Status201Created;
            await http.Response.WriteAsJsonAsync(endpoint, json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/deliveries", gate.Guard(async http =>
        {
            var query = http.Request.Query;
            var status = AdminQuery.Text(query, "status");
            if (status is not null && !Statuses.Contains(status))
                throw AdminQuery.Invalid("status", $"The field status must be one of {string.Join(", ", Statuses)}.");
            var deliveries = await store.ListDeliveriesAsync(AdminQuery.Text(query, "endpoint"), status, AdminQuery.Limit(query), http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Listing<WebhookDeliveryInfo>(deliveries), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/deliveries/{id}", gate.Guard(async http =>
        {
            var id = (string)http.Request.RouteValues["id"]!;
            var delivery = (await store.FindDeliveryAsync(id, http.RequestAborted).ConfigureAwait(false)) ?? throw DeliveryNotFound();
            var attempts = await store.ListAttemptsAsync(id, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new DeliveryDetail(WebhookRows.Delivery(delivery), attempts), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapPost(Prefix + "/deliveries/{id}/redeliver", gate.Guard(async http =>
        {
            var id = (string)http.Request.RouteValues["id"]!;
            if (!await store.RedeliverAsync(id, http.RequestAborted).ConfigureAwait(false))
                throw DeliveryNotFound();
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            await http.Response.WriteAsJsonAsync(new Outcome("pending"), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/{id}", gate.Guard(async http =>
        {
            var endpoint = await store.FindEndpointAsync((string)http.Request.RouteValues["id"]!, withSecret: true, http.RequestAborted).ConfigureAwait(false)
                ?? throw EndpointNotFound();
            await http.Response.WriteAsJsonAsync(endpoint, json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapDelete(Prefix + "/{id}", gate.Guard(async http =>
        {
            if (!await store.RemoveEndpointAsync((string)http.Request.RouteValues["id"]!, http.RequestAborted).ConfigureAwait(false))
                throw EndpointNotFound();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
        }));

        endpoints.MapPost(Prefix + "/{id}/enable", gate.Guard(http => SetEnabledAsync(http, store, enabled: true, json)));
        endpoints.MapPost(Prefix + "/{id}/disable", gate.Guard(http => SetEnabledAsync(http, store, enabled: false, json)));
    }

    private static async Task SetEnabledAsync(HttpContext http, WebhookStore store, bool enabled, JsonSerializerOptions json)
    {
        if (!await store.SetEnabledAsync((string)http.Request.RouteValues["id"]!, enabled, http.RequestAborted).ConfigureAwait(false))
            throw EndpointNotFound();
        await http.Response.WriteAsJsonAsync(new Outcome(enabled ? "enabled" : "disabled"), json, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body of an add: a JSON object, checked as an action's body is (415 for another type; a key given twice or a NUL is a 400 naming its field); every mistake is a 4xx.</summary>
    private static async Task<NewEndpoint> ReadAsync(HttpContext http)
    {
        if (!JsonMediaType.Accepts(http.Request.ContentType))
            throw new RequestBindingException(415, "unsupported_media_type", "The request body must be JSON (Content-Type: application/json).");

        // Read whole (Kestrel holds it to the request body limit) so its strings can be checked before they are read.
        using var bytes = new MemoryStream();
        await http.Request.Body.CopyToAsync(bytes, http.RequestAborted).ConfigureAwait(false);
        JsonElement body;
        try
        {
            body = JsonSerializer.Deserialize<JsonElement>(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
        }
        catch (JsonException)
        {
            throw new BadRequestException("invalid_json", "The body must be a JSON object: { \"url\", \"eventTypes\", \"description\" }.");
        }

        if (body.ValueKind != JsonValueKind.Object)
            throw new BadRequestException("invalid_json", "The body must be a JSON object: { \"url\", \"eventTypes\", \"description\" }.");
        var text = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        if (JsonText.FindInvalidText(text) is { } notText)
            throw new BadRequestException("invalid_json", JsonText.Explain("The body", notText));

        // As for an action: never last-wins, and no NUL (PostgreSQL refuses it at insert; SQLite would store it).
        if (JsonBodyErrors.FirstDuplicateKey(body) is { } duplicate)
            throw AdminQuery.Invalid(duplicate, JsonBodyErrors.DuplicateKey);
        if (NulCharacters.InJson(text) is { } nul)
            throw RequestBindingException.Fields(nul);
        var url = body.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var types = new List<string>();
        if (body.TryGetProperty("eventTypes", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Array || t.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw AdminQuery.Invalid("eventTypes", "The field eventTypes must be an array of event types.");
            types.AddRange(t.EnumerateArray().Select(e => e.GetString()!));
        }

        var description = body.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var ordered = false;
        if (body.TryGetProperty("ordered", out var o) && o.ValueKind != JsonValueKind.Null)
            ordered = o.ValueKind is JsonValueKind.True or JsonValueKind.False ? o.GetBoolean() : throw AdminQuery.Invalid("ordered", "The field ordered must be true or false.");
        return WebhookEndpointRules.Check(url, types, description) is { } problem
            ? throw AdminQuery.Invalid(problem.Field, problem.Message)
            : new NewEndpoint(url!, types, description, ordered);
    }

    private static NotFoundException EndpointNotFound() => new("There is no such webhook endpoint.", "webhook_endpoint_not_found");

    private static NotFoundException DeliveryNotFound() => new("There is no such delivery (or it is still pending).", "webhook_delivery_not_found");

    private sealed record NewEndpoint(string Url, List<string> EventTypes, string? Description, bool Ordered);

    private sealed record Listing<T>(IReadOnlyList<T> Items);

    private sealed record DeliveryDetail(WebhookDeliveryInfo Delivery, IReadOnlyList<WebhookAttemptInfo> Attempts);

    private sealed record Outcome(string Status);
}
