using Bunbase.Runtime.Configuration;
using OpenTelemetry.Trace;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// What the tracer provider records and where it sends it: the runtime's spans, ASP.NET Core's
/// request spans (which continue a client's W3C <c>traceparent</c>) and Npgsql's command spans,
/// sampled parent-first at <c>samplingRate</c>, exported over OTLP.
/// </summary>
internal static class TraceExport
{
    /// <summary>ASP.NET Core's request activities.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>Npgsql's command activities (what Npgsql.OpenTelemetry's AddNpgsql() subscribes to, without the dependency).</summary>
    public const string NpgsqlSource = "Npgsql";

    public static void Configure(TracerProviderBuilder tracing, TracingOptions options)
    {
        tracing.AddSource(RuntimeActivitySource.Name, AspNetCoreSource, NpgsqlSource);
        tracing.SetSampler(new ParentBasedSampler(options.SamplingRate switch
        {
            >= 1 => new AlwaysOnSampler(),
            <= 0 => new AlwaysOffSampler(),
            var rate => new TraceIdRatioBasedSampler(rate),
        }));
        if (options.Otlp.Endpoint is not null)
            tracing.AddOtlpExporter(OtlpExport.Configure(options.Otlp, "v1/traces"));
    }
}
