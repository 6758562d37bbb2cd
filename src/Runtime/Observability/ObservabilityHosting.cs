using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Observability;

/// <summary>Wires logs, metrics and traces into the application from <c>observability.*</c>.</summary>
internal static class ObservabilityHosting
{
    /// <param name="builder">The application being built.</param>
    /// <param name="options">The configuration.</param>
    /// <param name="configureTracing">More tracing configuration (a test's exporter); spans are recorded when it is set.</param>
    /// <param name="configureLogExport">More log-export configuration (a test's exporter); log records are exported when it is set.</param>
    public static void AddObservability(this WebApplicationBuilder builder, BunbaseOptions options, Action<OpenTelemetry.Trace.TracerProviderBuilder>? configureTracing, Action<LoggerProviderBuilder>? configureLogExport)
    {
        var observability = options.Observability;
        LogOutput.Configure(builder.Logging, observability.Logging, builder.Environment);
        if (!observability.Enabled)
            return;
        builder.Services.AddSingleton<RequestHistory>();

        // Spans are recorded only when they can go somewhere; without an exporter, traceparent is still continued for free.
        var tracing = observability.Tracing;
        var tracesExported = tracing.Enabled && (tracing.Otlp.Endpoint is not null || configureTracing is not null);
        if (observability.Metrics.Enabled || tracesExported)
            builder.Services.AddSingleton(services => new RequestTelemetry(services.GetService<RuntimeMetrics>(), tracesExported, options));

        if (observability.Metrics.Enabled)
        {
            RefuseSharedMetricsPath(options);
            builder.Services.AddSingleton<RuntimeMetrics>();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
            {
                var open = listen.ApplicationServices.GetRequiredService<RuntimeMetrics>().ActiveConnections;
                return async connection =>
                {
                    open.Inc();
                    try
                    {
                        await next(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        open.Dec();
                    }
                };
            })));
        }

        var logsExported = observability.Logging.Otlp.Endpoint is not null || configureLogExport is not null;
        if (!tracesExported && !logsExported)
            return;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(options.Name, serviceVersion: builder.Environment.ApplicationName is { } app ? VersionOf(app) : null)
                .AddAttributes([new("deployment.environment.name", builder.Environment.EnvironmentName)]));
        if (tracesExported)
        {
            telemetry.WithTracing(traces =>
            {
                TraceExport.Configure(traces, tracing);
                configureTracing?.Invoke(traces);
            });
        }

        if (logsExported)
        {
            var export = observability.Logging.Otlp;
            telemetry.WithLogging(
                logs =>
                {
                    if (export.Endpoint is not null)
                        logs.AddOtlpExporter(OtlpExport.ConfigureLogs(export));
                    configureLogExport?.Invoke(logs);
                },
                log =>
                {
                    log.IncludeScopes = true;
                    log.IncludeFormattedMessage = true;
                });
        }
    }

    /// <summary>Records every request (first in the pipeline, so the final status is seen) and serves <c>/_metrics</c>.</summary>
    public static void UseObservability(this WebApplication app)
    {
        if (app.Services.GetService<RequestHistory>() is not null)
            app.UseMiddleware<RequestTelemetryMiddleware>();
        if (app.Services.GetService<RuntimeMetrics>() is not { } metrics)
            return;
        var path = app.Services.GetRequiredService<BunbaseOptions>().Observability.Metrics.Path;
        app.Map(path, new MetricsEndpoint(metrics.Registry).ServeAsync).WithMetadata(HealthEndpoints.ReadMethods).WithDisplayName("Prometheus metrics");
    }

    /// <summary>Two endpoints on one path would make every request there fail as ambiguous: refused at start instead.</summary>
    private static void RefuseSharedMetricsPath(BunbaseOptions options)
    {
        var path = options.Observability.Metrics.Path;
        string? other = null;
        if (HealthEndpoints.Paths.Contains(path, StringComparer.OrdinalIgnoreCase))
            other = "a health endpoint";
        else if (options.OpenApi.Enabled && string.Equals(path, options.OpenApi.Path, StringComparison.OrdinalIgnoreCase))
            other = "openapi.path";
        else if (options.OpenApi.Enabled && options.Docs.Enabled
            && (string.Equals(path, options.Docs.Path, StringComparison.OrdinalIgnoreCase) || path.StartsWith(options.Docs.Path + "/", StringComparison.OrdinalIgnoreCase)))
            other = "docs.path";
        if (other is not null)
            throw new StartupException($"observability.metrics.path '{path}' is already {other}'s; choose another path.");
    }

    private static string? VersionOf(string assemblyName) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName)?.GetName().Version?.ToString();
}
