using System.Collections.Concurrent;
using System.Diagnostics;
using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Counts and times every request under its route template (an action's route, or a runtime
/// endpoint's fixed path), never its raw path: requests no endpoint matched (404s, 405s) share
/// the one label <see cref="Unmatched"/>, so the number of series is bounded by the application's
/// routes whatever clients send. When spans are recorded, it names the request's span after the
/// same route (<c>GET /tasks/{id}</c>) and marks 5xx answers as errors.
/// </summary>
internal sealed class RequestTelemetry
{
    public const string Unmatched = "unmatched";

    private readonly ConcurrentDictionary<Endpoint, RouteSeries> _byEndpoint = new();
    private readonly RuntimeMetrics? _metrics;
    private readonly bool _spans;
    private readonly RouteSeries _unmatched;
    private readonly RouteSeries? _docs;
    private readonly string? _docsPrefix;

    public RequestTelemetry(RuntimeMetrics? metrics, bool spans, BunbaseOptions options)
    {
        _metrics = metrics;
        _spans = spans;
        _unmatched = new RouteSeries(Unmatched, metrics);

        // The docs page is a middleware branch with no endpoint: its files are one route, not unmatched.
        if (options.OpenApi.Enabled && options.Docs.Enabled)
        {
            _docsPrefix = options.Docs.Path;
            _docs = new RouteSeries(options.Docs.Path + "/{*file}", metrics);
        }
    }

    /// <summary>Records one answered request under its route, with the status and duration the caller settled once.</summary>
    public void Record(HttpContext http, int status, double elapsedMs)
    {
        var series = http.GetEndpoint() is { } endpoint ? SeriesFor(endpoint) : SeriesForPath(http.Request.Path);
        var entry = series.Record(HttpLabels.Method(http.Request.Method), status, elapsedMs);

        // Without a tracer the request still has an activity (for log correlation); only a recorded one is worth describing.
        if (_spans && Activity.Current is { Recorded: true, IsAllDataRequested: true, Kind: ActivityKind.Server } activity)
            Describe(activity, http, series, entry);
    }

    /// <summary>The HTTP server span attributes of OpenTelemetry's semantic conventions (ASP.NET Core sets none itself).</summary>
    private void Describe(Activity activity, HttpContext http, RouteSeries series, RouteSeries.Entry entry)
    {
        var request = http.Request;
        activity.DisplayName = entry.SpanName;
        activity.SetTag("http.request.method", entry.Method);
        if (!ReferenceEquals(series, _unmatched))
            activity.SetTag("http.route", series.Route);
        activity.SetTag("http.response.status_code", HttpLabels.BoxedStatus(entry.Status));
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("network.protocol.version", HttpLabels.ProtocolVersion(request.Protocol));
        if (entry.Status >= 500)
        {
            activity.SetTag("error.type", HttpLabels.Status(entry.Status));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private RouteSeries SeriesFor(Endpoint endpoint) =>
        _byEndpoint.TryGetValue(endpoint, out var series) ? series : _byEndpoint.GetOrAdd(endpoint, Create);

    private RouteSeries Create(Endpoint endpoint) =>
        endpoint is RouteEndpoint { RoutePattern.RawText: { Length: > 0 } route } ? new RouteSeries(route, _metrics) : _unmatched;

    private RouteSeries SeriesForPath(PathString path) =>
        _docsPrefix is not null && path.StartsWithSegments(_docsPrefix, StringComparison.OrdinalIgnoreCase) ? _docs! : _unmatched;
}
