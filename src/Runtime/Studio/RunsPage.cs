using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Discovery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// The run log, newest first, filtered by action, status, trigger, start time and trace id, a page at a time
/// (keyset: "older" continues below the last id shown, so a page costs the same however deep); a run's page
/// shows its input and output as stored (redacted at write time) and the runs of its trace as a timeline.
/// </summary>
internal sealed class RunsPage(IActionRunStore? store, ActionCatalog catalog)
{
    public const int PageSize = 50;

    public async Task RenderAsync(HttpContext http)
    {
        var body = new Html();
        if (store is null)
        {
            body.Raw("<p class=\"hint\">The run log is off (<code>persistence.enabled</code> is false).</p>");
            await StudioLayout.WriteAsync(http, "Runs", "/runs", body).ConfigureAwait(false);
            return;
        }

        var filter = Filter(http.Request.Query);
        var runs = await store.ListAsync(filter, http.RequestAborted).ConfigureAwait(false);
        FilterForm(body, filter);
        if (filter.TraceId is not null)
        {
            var trace = await store.ListAsync(new RunFilter(null, null, filter.TraceId, 1_000), http.RequestAborted).ConfigureAwait(false);
            body.Raw(RunTimeline.Render(trace));
        }

        body.Raw("<div class=\"scroll\"><table class=\"runs\"><thead><tr><th>Started (UTC)</th><th>Action</th><th>Trigger</th><th>Status</th><th>HTTP</th><th>ms</th><th>User</th><th>Trace</th></tr></thead><tbody>");
        foreach (var run in runs)
        {
            body.Raw($"<tr class=\"{Html.Encode(run.Status)}\"><td><a href=\"{StudioLayout.Prefix}/runs/{run.Id}\">").Text(Html.Time(run.StartedAt)).Raw("</a></td><td>").Text(run.Action)
                .Raw("</td><td>").Text(run.Trigger).Raw("</td><td>").Text(run.Status).Raw("</td><td>").Text(run.HttpStatus?.ToString(CultureInfo.InvariantCulture))
                .Raw("</td><td>").Text(Html.Number(run.DurationMs)).Raw("</td><td>").Text(run.UserId)
                .Raw($"</td><td><a class=\"trace\" href=\"{StudioLayout.Prefix}/runs?traceId=").Text(Uri.EscapeDataString(run.TraceId)).Raw("\">").Text(run.TraceId).Raw("</a></td></tr>");
        }

        body.Raw("</tbody></table></div>");
        if (runs.Count == 0)
            body.Raw("<p class=\"hint\">No runs match.</p>");
        body.Raw("<p class=\"pages\">");
        if (filter.Before is not null)
            body.Raw("<a href=\"").Text(Link(filter, null)).Raw("\">Newest</a> ");
        if (runs.Count == filter.Limit)
            body.Raw("<a rel=\"next\" href=\"").Text(Link(filter, runs[^1].Id)).Raw("\">Older →</a>");
        body.Raw("</p>");
        await StudioLayout.WriteAsync(http, "Runs", "/runs", body).ConfigureAwait(false);
    }

    public async Task RenderRunAsync(HttpContext http)
    {
        var text = http.Request.RouteValues["id"] as string;
        var run = store is not null && Guid.TryParse(text, CultureInfo.InvariantCulture, out var id)
            ? (await store.ListAsync(new RunFilter(null, null, null, 1) { Before = Next(id) }, http.RequestAborted).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id)
            : null;
        var body = new Html();
        if (run is null)
        {
            body.Raw("<p class=\"refused\">There is no such run in the log (it may be past retention).</p>");
            await StudioLayout.WriteAsync(http, "Run not found", "/runs", body, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        body.Raw("<dl class=\"run\">");
        foreach (var (name, value) in new (string, string?)[]
        {
            ("Id", run.Id.ToString()), ("Action", run.Action), ("Trigger", run.Trigger), ("Status", run.Status), ("HTTP status", run.HttpStatus?.ToString(CultureInfo.InvariantCulture)),
            ("Duration", Html.Number(run.DurationMs) + " ms"), ("Started (UTC)", Html.Time(run.StartedAt)), ("User", run.UserId), ("Attempt", run.Attempt.ToString(CultureInfo.InvariantCulture)),
            ("Trace id", run.TraceId), ("Span id", run.SpanId), ("Error", run.ErrorType is null ? null : $"{run.ErrorType}: {run.ErrorMessage}"),
        })
        {
            if (value is not null)
                body.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
        }

        body.Raw("</dl><div class=\"schemas\"><section><h3>Input</h3><pre>").Text(Pretty(run.Input)).Raw("</pre></section><section><h3>Output</h3><pre>").Text(Pretty(run.Output)).Raw("</pre></section></div>");
        if (run.Published is not null)
            body.Raw("<section><h3>Published to channels</h3><pre>").Text(Pretty(run.Published)).Raw("</pre></section>");
        var trace = await store!.ListAsync(new RunFilter(null, null, run.TraceId, 1_000), http.RequestAborted).ConfigureAwait(false);
        body.Raw(RunTimeline.Render(trace));
        body.Raw($"<p><a href=\"{StudioLayout.Prefix}/runs?traceId=").Text(Uri.EscapeDataString(run.TraceId)).Raw("\">All runs of this trace</a></p>");
        await StudioLayout.WriteAsync(http, $"Run of {run.Action}", "/runs", body).ConfigureAwait(false);
    }

    /// <summary>The filter of the query string; a bad value is a 400 naming it, as on <c>/_admin/runs</c>.</summary>
    public static RunFilter Filter(IQueryCollection query)
    {
        var status = Admin.AdminQuery.Text(query, "status");
        if (status is not null && !RunFilter.Statuses.Contains(status))
            throw Admin.AdminQuery.Invalid("status", $"The field status must be one of {string.Join(", ", RunFilter.Statuses)}.");
        var trigger = Admin.AdminQuery.Text(query, "trigger");
        if (trigger is not null && !RunFilter.Triggers.Contains(trigger))
            throw Admin.AdminQuery.Invalid("trigger", $"The field trigger must be one of {string.Join(", ", RunFilter.Triggers)}.");
        Guid? before = Admin.AdminQuery.Text(query, "before") is { } cursor
            ? Guid.TryParse(cursor, CultureInfo.InvariantCulture, out var id) ? id : throw Admin.AdminQuery.Invalid("before", "The field before must be a run id.")
            : null;
        return new RunFilter(Admin.AdminQuery.Text(query, "action"), status, Admin.AdminQuery.Text(query, "traceId")?.Trim(), PageSize)
        {
            Trigger = trigger,
            Before = before,
            From = Time(query, "from"),
            Until = Time(query, "until"),
        };
    }

    private static DateTimeOffset? Time(IQueryCollection query, string field)
    {
        if (Admin.AdminQuery.Text(query, field) is not { } text)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && time.Year is >= 2000 and <= 9000
            ? time
            : throw Admin.AdminQuery.Invalid(field, $"The field {field} must be a time (UTC), such as 2026-12-06T10:30.");
    }

    private void FilterForm(Html body, RunFilter filter)
    {
        body.Raw($"<form class=\"filters\" method=\"get\" action=\"{StudioLayout.Prefix}/runs\"><label>Action<select name=\"action\"><option value=\"\">any</option>");
        foreach (var name in catalog.Actions.Select(a => a.Name).Order(StringComparer.Ordinal))
            body.Raw("<option").Raw(name == filter.Action ? " selected" : "").Raw(">").Text(name).Raw("</option>");
        body.Raw("</select></label>");
        Choice(body, "status", "Status", RunFilter.Statuses, filter.Status);
        Choice(body, "trigger", "Trigger", RunFilter.Triggers, filter.Trigger);
        body.Raw("<label>From (UTC)<input type=\"datetime-local\" step=\"1\" name=\"from\" value=\"").Text(filter.From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).Raw("\"></label>");
        body.Raw("<label>Until (UTC)<input type=\"datetime-local\" step=\"1\" name=\"until\" value=\"").Text(filter.Until?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).Raw("\"></label>");
        body.Raw("<label>Trace id<input name=\"traceId\" value=\"").Text(filter.TraceId).Raw("\" size=\"34\"></label><button type=\"submit\">Filter</button>");
        body.Raw($" <a href=\"{StudioLayout.Prefix}/runs\">Clear</a></form>");
    }

    private static void Choice(Html body, string field, string label, string[] values, string? chosen)
    {
        body.Raw("<label>").Text(label).Raw($"<select name=\"{field}\"><option value=\"\">any</option>");
        foreach (var value in values)
            body.Raw("<option").Raw(value == chosen ? " selected" : "").Raw(">").Text(value).Raw("</option>");
        body.Raw("</select></label>");
    }

    private static string Link(RunFilter filter, Guid? before)
    {
        var query = new QueryBuilder();
        foreach (var (key, value) in new (string, string?)[]
        {
            ("action", filter.Action), ("status", filter.Status), ("trigger", filter.Trigger), ("traceId", filter.TraceId),
            ("from", filter.From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            ("until", filter.Until?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)), ("before", before?.ToString()),
        })
        {
            if (!string.IsNullOrEmpty(value))
                query.Add(key, value);
        }

        return StudioLayout.Prefix + "/runs" + query;
    }

    /// <summary>The smallest id above <paramref name="id"/>, so "before it" includes it.</summary>
    private static Guid Next(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        for (var i = 15; i >= 0 && ++bytes[i] == 0; i--)
        {
        }

        return new Guid(bytes, bigEndian: true);
    }

    private static string Pretty(string? json)
    {
        if (json is null)
            return "—";
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
