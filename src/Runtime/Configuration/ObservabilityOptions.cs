namespace Bunbase.Runtime.Configuration;

/// <summary>Metrics, traces and logs (<c>observability.*</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>
    /// Whether metrics, tracing and OTLP log export are on. Off, <c>/_metrics</c> is not served and
    /// nothing is exported; logs are still written to standard output, and trace ids (from a
    /// client's <c>traceparent</c> or fresh) still appear in problem responses and log lines.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Prometheus metrics (<c>observability.metrics.*</c>).</summary>
    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Log output (<c>observability.logging.*</c>).</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>OpenTelemetry traces (<c>observability.tracing.*</c>).</summary>
    public TracingOptions Tracing { get; set; } = new();
}
