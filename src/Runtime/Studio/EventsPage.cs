using System.Globalization;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Subscriptions;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>Events: the latest streams, each subscription's partitions, holders and lag, and the dead letters with retry and skip.</summary>
internal sealed class EventsPage(IEventStore events, SubscriptionStore subscriptions, SubscriptionSignals? signals)
{
    public async Task RenderAsync(HttpContext http)
    {
        var partitions = await subscriptions.PartitionsAsync(http.RequestAborted).ConfigureAwait(false);
        var dead = await subscriptions.ListDeadAsync(null, 200, http.RequestAborted).ConfigureAwait(false);
        var streams = await events.ListStreamsAsync(null, 50, http.RequestAborted).ConfigureAwait(false);
        var body = new Html();
        StudioLayout.Notice(body, http);

        body.Raw("<section><h2>Subscriptions</h2><table><thead><tr><th>Subscription</th><th>Partition</th><th>Position</th><th>Held by</th><th>Lag</th></tr></thead><tbody>");
        foreach (var group in partitions.GroupBy(p => p.Subscription, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            body.Raw("<tr class=\"group\"><th>").Text(group.Key).Raw("</th><td>").Text(group.Count().ToString(CultureInfo.InvariantCulture)).Raw(" partition(s)</td><td></td><td></td><td>")
                .Text(group.Sum(p => p.Lag).ToString(CultureInfo.InvariantCulture)).Raw("</td></tr>");
            foreach (var partition in group.OrderBy(p => p.Partition))
            {
                body.Raw("<tr><td></td><td>").Text(partition.Partition.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>").Text(partition.Position.ToString(CultureInfo.InvariantCulture))
                    .Raw("</td><td>").Text(partition.Owner ?? "—").Raw("</td><td>").Text(partition.Lag.ToString(CultureInfo.InvariantCulture)).Raw("</td></tr>");
            }
        }

        if (partitions.Count == 0)
            body.Raw("<tr><td colspan=\"5\">No subscriptions.</td></tr>");
        body.Raw("</tbody></table></section>");

        body.Raw("<section><h2>Dead letters</h2><div class=\"scroll\"><table><thead><tr><th>Died (UTC)</th><th>Subscription</th><th>Event</th><th>Stream</th><th>Attempts</th><th>Error</th><th>Status</th><th></th></tr></thead><tbody>");
        foreach (var letter in dead)
        {
            body.Raw("<tr><td>").Text(Html.Time(letter.DiedAt)).Raw("</td><td>").Text(letter.Subscription).Raw("</td><td>").Text($"{letter.Type} #{letter.GlobalPosition.ToString(CultureInfo.InvariantCulture)}")
                .Raw("</td><td>").Text(letter.Stream).Raw("</td><td>").Text(letter.Attempts.ToString(CultureInfo.InvariantCulture)).Raw("</td><td class=\"error\">").Text(letter.Error)
                .Raw("</td><td>").Text(letter.Status).Raw("</td><td class=\"buttons\">")
                .Raw($"<form method=\"post\" action=\"{StudioLayout.Prefix}/events/dead/").Text(letter.Id.ToString()).Raw("/retry\"><button type=\"submit\">Retry</button></form>")
                .Raw($"<form method=\"post\" action=\"{StudioLayout.Prefix}/events/dead/").Text(letter.Id.ToString()).Raw("/skip\" data-confirm=\"Skip this event for good?\"><button type=\"submit\" class=\"danger\">Skip</button></form></td></tr>");
        }

        body.Raw("</tbody></table></div>");
        if (dead.Count == 0)
            body.Raw("<p class=\"hint\">No dead letters.</p>");
        body.Raw("</section>");

        body.Raw("<section><h2>Streams (latest 50)</h2><div class=\"scroll\"><table><thead><tr><th>Stream</th><th>Category</th><th>Version</th><th>Updated (UTC)</th></tr></thead><tbody>");
        foreach (var stream in streams)
        {
            body.Raw("<tr><td>").Text(stream.Stream).Raw("</td><td>").Text(stream.Category).Raw("</td><td>").Text(stream.Version.ToString(CultureInfo.InvariantCulture))
                .Raw("</td><td>").Text(Html.Time(stream.UpdatedAt)).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        if (streams.Count == 0)
            body.Raw("<p class=\"hint\">No events yet.</p>");
        body.Raw("</section>");
        await StudioLayout.WriteAsync(http, "Events", "/events", body).ConfigureAwait(false);
    }

    /// <summary><c>POST /_studio/events/dead/{id}/retry</c> or <c>/skip</c>.</summary>
    public async Task<string> ChangeAsync(HttpContext http, bool retry)
    {
        var text = http.Request.RouteValues["id"] as string;
        if (!Guid.TryParse(text, CultureInfo.InvariantCulture, out var id))
            throw Admin.AdminQuery.Invalid("id", $"'{text}' is not a dead letter id.");
        var done = retry
            ? await subscriptions.RetryDeadAsync(id, http.RequestAborted).ConfigureAwait(false)
            : await subscriptions.SkipDeadAsync(id, http.RequestAborted).ConfigureAwait(false);
        if (!done)
            throw new NotFoundException("There is no such dead letter (or it is already being retried).", "dead_letter_not_found");
        if (retry)
            signals?.RetryRequested();
        return $"{(retry ? "Retrying" : "Skipped")} dead letter {id}.";
    }
}
