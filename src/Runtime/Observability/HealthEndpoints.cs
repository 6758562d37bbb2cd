using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// <c>/_health/live</c> (the process answers), <c>/_health/ready</c> (checks tagged
/// <see cref="ReadyTag"/>: later capabilities register their stores there) and <c>/_health</c>
/// (every check with its status). Unhealthy answers 503.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The paths these endpoints are served on.</summary>
    public static readonly string[] Paths = ["/_health/live", "/_health/ready", "/_health"];

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Paths[0], Options(_ => false));
        endpoints.MapHealthChecks(Paths[1], Options(check => check.Tags.Contains(ReadyTag)));
        endpoints.MapHealthChecks(Paths[2], Options(_ => true));
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        AllowCachingResponses = false,
    };

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 2),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 2),
                }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}
