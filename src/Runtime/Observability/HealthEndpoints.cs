using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// <c>/_health/live</c> (the process answers), <c>/_health/ready</c> (checks tagged
/// <see cref="ReadyTag"/>: later capabilities register their stores there) and <c>/_health</c>
/// (every check with its status). Unhealthy answers 503. Outside Development a check's description
/// (which names the database host or file) is shown only to an admin session.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The paths these endpoints are served on.</summary>
    public static readonly string[] Paths = ["/_health/live", "/_health/ready", "/_health"];

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>What probes send: another method is answered 405, as on every other read-only endpoint.</summary>
    internal static readonly HttpMethodMetadata ReadMethods = new([HttpMethods.Get, HttpMethods.Head]);

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Paths[0], Options(_ => false)).WithMetadata(ReadMethods);
        endpoints.MapHealthChecks(Paths[1], Options(check => check.Tags.Contains(ReadyTag))).WithMetadata(ReadMethods);
        endpoints.MapHealthChecks(Paths[2], Options(_ => true)).WithMetadata(ReadMethods);
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        AllowCachingResponses = false,
    };

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        // Descriptions name the database file or host and the errors met: for operators, not for anyone who asks.
        var details = report.Entries.Count > 0
            && (http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
                || await http.RequestServices.GetRequiredService<IHealthDetailsAccess>().IsAdminAsync(http).ConfigureAwait(false));
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
                    description = details ? e.Value.Description : null,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 2),
                }),
        };
        await JsonSerializer.SerializeAsync(http.Response.Body, body, Json, http.RequestAborted).ConfigureAwait(false);
    }
}
