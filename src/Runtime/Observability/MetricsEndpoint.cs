using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Serves <c>/_metrics</c>: the Prometheus text format, or OpenMetrics when the client asks for it
/// (an <c>Accept</c> header, or an <c>accept</c> query parameter, that prefers
/// <c>application/openmetrics-text</c>: prometheus-net's negotiation).
/// </summary>
internal sealed class MetricsEndpoint
{
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private readonly ScrapeCoalescer _text;
    private readonly ScrapeCoalescer _openMetrics;

    public MetricsEndpoint(MetricRegistry registry)
    {
        _text = new ScrapeCoalescer(readers => registry.Collect(openMetrics: false, readers));
        _openMetrics = new ScrapeCoalescer(readers => registry.Collect(openMetrics: true, readers));
    }

    public async Task ServeAsync(HttpContext http)
    {
        var openMetrics = WantsOpenMetrics(http.Request);
        var snapshot = await (openMetrics ? _openMetrics : _text).CollectAsync().ConfigureAwait(false);
        try
        {
            var response = http.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = openMetrics ? OpenMetricsContentType : TextContentType;
            response.ContentLength = snapshot.Content.Length;
            await response.BodyWriter.WriteAsync(snapshot.Content, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The scraper went away: nothing to answer.
        }
        finally
        {
            snapshot.Release();
        }
    }

    internal static bool WantsOpenMetrics(HttpRequest request)
    {
        var accept = request.Query.TryGetValue("accept", out var fromQuery) ? fromQuery.ToString() : request.Headers.Accept.ToString();
        if (!accept.Contains("openmetrics", StringComparison.OrdinalIgnoreCase))
            return false;

        // The first acceptable type by quality decides (a stable sort: ties keep the client's order). A wildcard that
        // covers the text format counts for it (the default), and q=0 means "not this one" (RFC 9110, 12.5.1).
        var best = accept.Split(',')
            .Select(candidate => MediaTypeWithQualityHeaderValue.TryParse(candidate, out var type) ? type : null)
            .OfType<MediaTypeWithQualityHeaderValue>()
            .Where(type => type.Quality is not <= 0)
            .OrderByDescending(type => type.Quality ?? 1)
            .FirstOrDefault(type => IsOpenMetrics(type) || CoversText(type));
        return best is not null && IsOpenMetrics(best);
    }

    private static bool IsOpenMetrics(MediaTypeHeaderValue type) =>
        string.Equals(type.MediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase);

    private static bool CoversText(MediaTypeHeaderValue type) =>
        type.MediaType is { } media
        && (media.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || media.Equals("text/*", StringComparison.OrdinalIgnoreCase) || media == "*/*");
}
