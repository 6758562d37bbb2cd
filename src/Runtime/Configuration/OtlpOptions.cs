using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>An OpenTelemetry Protocol (OTLP) exporter: traces (<c>observability.tracing.otlp.*</c>) or logs (<c>observability.logging.otlp.*</c>).</summary>
public sealed class OtlpOptions
{
    /// <summary>
    /// The collector's base URL, such as <c>http://localhost:4318</c> (HTTP) or
    /// <c>http://localhost:4317</c> (gRPC). Over HTTP the signal's path (<c>/v1/traces</c>,
    /// <c>/v1/logs</c>) is appended unless the URL already has a path.
    /// </summary>
    /// <value>The default is none: nothing is exported.</value>
    [AbsoluteUrl("must be an absolute http:// or https:// URL such as http://localhost:4318", "http", "https")]
    public string? Endpoint { get; set; }

    /// <summary>The transport.</summary>
    /// <value>The default is <see cref="OtlpProtocol.HttpProtobuf"/>.</value>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.HttpProtobuf;

    /// <summary>
    /// Headers sent with every export, as <c>name=value</c> pairs separated by commas (for
    /// example an API key). Never logged.
    /// </summary>
    /// <value>The default is none.</value>
    [HeaderList]
    public string? Headers { get; set; }

    /// <summary>How long one export may take, in milliseconds.</summary>
    /// <value>The default is 10,000.</value>
    [Range(100, 600_000)]
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// The most spans (or log records) waiting to be exported; beyond it new ones are dropped. A burst,
    /// or a collector slow to answer, fills it: the OpenTelemetry SDK's own default of 2,048 dropped
    /// about 0.1% of the spans at 33,000 traced requests a second on two cores.
    /// </summary>
    /// <value>The default is 8,192 (at most a few MB, held only while the exporter is behind).</value>
    [Range(512, 1_048_576)]
    public int MaxQueueSize { get; set; } = 8_192;
}
