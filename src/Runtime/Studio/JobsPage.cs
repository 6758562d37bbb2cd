using System.Globalization;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Queue;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>The queue: depth per queue and over the last hour, jobs running on this instance, dead jobs with their errors, and retry and purge.</summary>
internal sealed class JobsPage(IJobStore store, QueueHistory history)
{
    public async Task RenderAsync(HttpContext http)
    {
        var depths = await store.DepthAsync(http.RequestAborted).ConfigureAwait(false);
        var dead = await store.ListDeadAsync(Admin.AdminQuery.Text(http.Request.Query, "action"), 200, http.RequestAborted).ConfigureAwait(false);
        var samples = history.Samples();
        var body = new Html();
        StudioLayout.Notice(body, http);

        body.Raw("<section><h2>Queues</h2><table><thead><tr><th>Queue</th><th>Priority</th><th>Waiting</th></tr></thead><tbody>");
        foreach (var depth in depths.OrderBy(d => d.Queue, StringComparer.Ordinal).ThenByDescending(d => d.Priority))
            body.Raw("<tr><td>").Text(depth.Queue).Raw("</td><td>").Text(depth.Priority.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>").Text(depth.Pending.ToString(CultureInfo.InvariantCulture)).Raw("</td></tr>");
        if (depths.Count == 0)
            body.Raw("<tr><td colspan=\"3\">No job is waiting.</td></tr>");
        body.Raw("</tbody></table>");
        body.Raw("<p>Running on this instance: <strong class=\"running\">").Text((samples.Count > 0 ? samples[^1].RunningHere : 0).ToString(CultureInfo.InvariantCulture)).Raw("</strong> (as of the last reading; every instance runs its own workers).</p>");
        var queues = samples.SelectMany(s => s.Depths.Select(d => d.Queue)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(5).ToList();
        var series = new List<SvgChart.Series> { new("all queues", "s0", [.. samples.Select(s => (s.At, (double)s.Depths.Sum(d => d.Pending)))]) };
        if (queues.Count > 1)
            series.AddRange(queues.Select((q, i) => new SvgChart.Series(q, "s" + (i + 1).ToString(CultureInfo.InvariantCulture), [.. samples.Select(s => (s.At, (double)s.Depths.Where(d => d.Queue == q).Sum(d => d.Pending)))])));
        series.Add(new("running here", "s9", [.. samples.Select(s => (s.At, (double)s.RunningHere))]));
        body.Raw(SvgChart.Line("Jobs waiting, last hour (read every 5 s)", "jobs", [.. series]));
        body.Raw("</section>");

        body.Raw("<section><h2>Dead jobs</h2>");
        if (dead.Count > 0)
        {
            body.Raw($"<div class=\"actions\"><form method=\"post\" action=\"{StudioLayout.Prefix}/jobs/dead/retry\"><input type=\"hidden\" name=\"all\" value=\"true\"><button type=\"submit\">Retry all</button></form>");
            body.Raw($"<form method=\"post\" action=\"{StudioLayout.Prefix}/jobs/dead/purge\" data-confirm=\"Delete every dead job?\"><input type=\"hidden\" name=\"all\" value=\"true\"><button type=\"submit\" class=\"danger\">Purge all</button></form></div>");
        }

        body.Raw("<div class=\"scroll\"><table class=\"dead\"><thead><tr><th>Died (UTC)</th><th>Action</th><th>Queue</th><th>Attempts</th><th>Last error</th><th>Input</th><th></th></tr></thead><tbody>");
        foreach (var job in dead)
        {
            body.Raw("<tr data-job=\"").Text(job.Id.ToString()).Raw("\"><td>").Text(Html.Time(job.DiedAt)).Raw("</td><td>").Text(job.Action).Raw("</td><td>").Text(job.Queue)
                .Raw("</td><td>").Text(job.Attempts.ToString(CultureInfo.InvariantCulture)).Raw("</td><td class=\"error\">").Text(job.LastError).Raw("</td><td><code>").Text(job.Input).Raw("</code></td><td class=\"buttons\">")
                .Raw($"<form method=\"post\" action=\"{StudioLayout.Prefix}/jobs/dead/retry\"><input type=\"hidden\" name=\"id\" value=\"").Text(job.Id.ToString()).Raw("\"><button type=\"submit\">Retry</button></form>")
                .Raw($"<form method=\"post\" action=\"{StudioLayout.Prefix}/jobs/dead/purge\" data-confirm=\"Delete this dead job?\"><input type=\"hidden\" name=\"id\" value=\"").Text(job.Id.ToString()).Raw("\"><button type=\"submit\" class=\"danger\">Purge</button></form></td></tr>");
        }

        body.Raw("</tbody></table></div>");
        if (dead.Count == 0)
            body.Raw("<p class=\"hint\">No dead jobs.</p>");
        body.Raw("</section>");
        await StudioLayout.WriteAsync(http, "Jobs", "/jobs", body).ConfigureAwait(false);
    }

    /// <summary><c>POST /_studio/jobs/dead/retry</c> or <c>/purge</c> with a form of <c>id</c> or <c>all=true</c>; answers how many, and returns to the page.</summary>
    public async Task<string> ChangeAsync(HttpContext http, bool retry)
    {
        if (!http.Request.HasFormContentType)
            throw new RequestBindingException(415, "unsupported_media_type", "Send the form as application/x-www-form-urlencoded (or multipart/form-data).");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !RequestBodyErrors.IsBodyReadFailure(http, ex) && !http.RequestAborted.IsCancellationRequested)
        {
            // The form reader's own refusals (over its limits, a NUL, a multipart body without a boundary) and a multipart
            // body cut short ("Unexpected end of Stream", an IOException): the client's form. A failure of the body itself
            // (too large, too slow, broken framing) and a client gone are left to the problem writer, which words them.
            throw new BadRequestException("invalid_form", $"The form cannot be read (malformed or truncated): {ex.Message}");
        }

        Guid? id = null;
        if (form["id"] is [{ Length: > 0 } text])
            id = Guid.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Admin.AdminQuery.Invalid("id", $"'{text}' is not a job id.");
        else if (form["all"] is not ["true"])
            throw new BadRequestException("selection_required", "Say which dead jobs: id, or all=true.");
        var count = retry
            ? await store.RetryDeadAsync(id, null, http.RequestAborted).ConfigureAwait(false)
            : await store.PurgeDeadAsync(id, null, http.RequestAborted).ConfigureAwait(false);
        return $"{(retry ? "Retried" : "Purged")} {count} dead job(s){(id is null ? "" : " (" + id + ")")}.";
    }
}
