namespace Bunbase.Runtime.Configuration;

/// <summary>Metrics, traces and logs (<c>observability.*</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>
    /// Whether metrics and tracing are on. Off, <c>/_metrics</c> is not served and no span is
    /// recorded; logs are still written, and trace ids (from a client's <c>traceparent</c> or
    /// fresh) still appear in problem responses and log lines.
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
