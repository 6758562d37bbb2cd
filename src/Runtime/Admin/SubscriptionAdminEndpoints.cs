using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Subscriptions;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// Event subscriptions for operators, behind <see cref="AdminGate"/> (the same as <c>bunbase events subscriptions</c>,
/// <c>events dead</c>, <c>events retry</c>, <c>events skip</c>): <c>GET /_admin/subscriptions</c> (partitions, holders,
/// positions, lag), <c>GET /_admin/subscriptions/dead?subscription=&amp;limit=</c>, and
/// <c>POST /_admin/subscriptions/dead/{id}/retry</c> or <c>/skip</c>.
/// </summary>
internal static class SubscriptionAdminEndpoints
{
    public static void MapSubscriptionAdmin(this IEndpointRouteBuilder endpoints)
    {
        var gate = endpoints.ServiceProvider.GetRequiredService<AdminGate>();
        if (!gate.Enabled)
            return;
        var store = endpoints.ServiceProvider.GetRequiredService<SubscriptionStore>();
        var signals = endpoints.ServiceProvider.GetRequiredService<SubscriptionSignals>();
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        endpoints.MapGet(AdminGate.Prefix + "/subscriptions", gate.Guard(async http =>
        {
            var partitions = await store.PartitionsAsync(http.RequestAborted).ConfigureAwait(false);
            var subscriptions = partitions.GroupBy(p => p.Subscription, StringComparer.Ordinal)
                .Select(g => new SubscriptionView(g.Key, g.Sum(p => p.Lag), [.. g.Select(p => new PartitionView(p.Partition, p.Position, p.Owner, p.Lag))]))
                .ToList();
            await http.Response.WriteAsJsonAsync(new Subscriptions(subscriptions), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(AdminGate.Prefix + "/subscriptions/dead", gate.Guard(async http =>
        {
            var limit = AdminQuery.Limit(http.Request.Query);
            var dead = await store.ListDeadAsync(AdminQuery.Text(http.Request.Query, "subscription"), limit, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new DeadLetters(dead), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapPost(AdminGate.Prefix + "/subscriptions/dead/{id}/retry", gate.Guard(async http =>
        {
            var retried = await store.RetryDeadAsync(Id(http), http.RequestAborted).ConfigureAwait(false);
            if (retried)
                signals.RetryRequested();
            await AnswerAsync(http, retried, "retrying", json).ConfigureAwait(false);
        }));

        endpoints.MapPost(AdminGate.Prefix + "/subscriptions/dead/{id}/skip", gate.Guard(async http =>
        {
            var skipped = await store.SkipDeadAsync(Id(http), http.RequestAborted).ConfigureAwait(false);
            await AnswerAsync(http, skipped, "skipped", json).ConfigureAwait(false);
        }));
    }

    private static Guid Id(HttpContext http)
    {
        var text = http.Request.RouteValues["id"] as string;
        return Guid.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : throw AdminQuery.Invalid("id", $"'{text}' is not a dead letter id.");
    }

    private static Task AnswerAsync(HttpContext http, bool done, string status, System.Text.Json.JsonSerializerOptions json)
    {
        if (!done)
            throw new NotFoundException("There is no such dead letter (or it is already being retried).", "dead_letter_not_found");
        return http.Response.WriteAsJsonAsync(new Outcome(status), json, http.RequestAborted);
    }

    private sealed record Subscriptions(IReadOnlyList<SubscriptionView> Items);

    private sealed record SubscriptionView(string Name, long Lag, IReadOnlyList<PartitionView> Partitions);

    private sealed record PartitionView(int Partition, long Position, string? Owner, long Lag);

    private sealed record DeadLetters(IReadOnlyList<DeadLetter> Items);

    private sealed record Outcome(string Status);
}
