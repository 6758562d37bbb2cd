using System.Globalization;
using Bunbase.Runtime.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// Readiness of each dependency (the checks of <c>/_health</c>, with what they found), and this instance's request
/// rate, error rate and latency percentiles over the last hour from its own in-memory series (<see cref="RequestHistory"/>).
/// </summary>
internal sealed class HealthPage(HealthCheckService health, RequestHistory? requests)
{
    public async Task RenderAsync(HttpContext http)
    {
        var report = await health.CheckHealthAsync(http.RequestAborted).ConfigureAwait(false);
        var body = new Html();
        body.Raw("<section><h2>Checks</h2><p>Overall: <strong class=\"status ").Text(report.Status.ToString().ToLowerInvariant()).Raw("\">").Text(report.Status.ToString()).Raw("</strong></p>");
        body.Raw("<table><thead><tr><th>Check</th><th>Status</th><th>ms</th><th>Details</th></tr></thead><tbody>");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            body.Raw("<tr><td>").Text(name).Raw("</td><td class=\"status ").Text(entry.Status.ToString().ToLowerInvariant()).Raw("\">").Text(entry.Status.ToString())
                .Raw("</td><td>").Text(Html.Number(entry.Duration.TotalMilliseconds)).Raw("</td><td>").Text(entry.Description ?? entry.Exception?.Message).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></section>");
        body.Raw("<section><h2>Requests, last hour</h2>");
        if (requests is null)
        {
            body.Raw("<p class=\"hint\">Observability is off (<code>observability.enabled</code>): no series is kept.</p>");
        }
        else
        {
            var samples = requests.Samples();
            var last = samples.Count > 0 ? samples[^1] : null;
            body.Raw("<p class=\"hint\">").Text($"One sample every {RequestHistory.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, kept in this instance's memory ({samples.Count} of {RequestHistory.Capacity}).")
                .Text(last is null ? "" : $" Latest: {Html.Number(last.Rate)} req/s, {Html.Number(last.ErrorRate * 100)}% errors, p50 {Html.Number(last.P50Ms)} ms, p99 {Html.Number(last.P99Ms)} ms.").Raw("</p>");
            body.Raw("<div class=\"charts\">");
            body.Raw(SvgChart.Line("Request rate", "req/s", new SvgChart.Series("requests", "s0", [.. samples.Select(s => (s.At, s.Rate))])));
            body.Raw(SvgChart.Line("Error rate (5xx)", "%", new SvgChart.Series("errors", "s3", [.. samples.Select(s => (s.At, s.ErrorRate * 100))])));
            body.Raw(SvgChart.Line(
                "Latency",
                "ms",
                new SvgChart.Series("p50", "s0", [.. samples.Select(s => (s.At, s.P50Ms))]),
                new SvgChart.Series("p95", "s1", [.. samples.Select(s => (s.At, s.P95Ms))]),
                new SvgChart.Series("p99", "s3", [.. samples.Select(s => (s.At, s.P99Ms))])));
            body.Raw("</div>");
        }

        body.Raw("</section>");
        await StudioLayout.WriteAsync(http, "Health and metrics", "/health", body).ConfigureAwait(false);
    }
}
