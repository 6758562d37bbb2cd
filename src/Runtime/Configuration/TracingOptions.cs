using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>OpenTelemetry traces (<c>observability.tracing.*</c>).</summary>
public sealed class TracingOptions
{
    /// <summary>
    /// Whether spans are recorded and exported (when <c>observability.enabled</c> is too and an
    /// exporter is configured with <c>otlp.endpoint</c>). A client's W3C <c>traceparent</c> is
    /// continued either way.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The share of new traces recorded, from 0 to 1. A request that arrives with a
    /// <c>traceparent</c> follows its caller's decision instead (parent-based sampling).
    /// </summary>
    /// <value>The default is 1 (every trace).</value>
    [Range(0.0, 1.0)]
    public double SamplingRate { get; set; } = 1.0;

    /// <summary>Where spans are exported over OTLP (<c>observability.tracing.otlp.*</c>); nowhere without an endpoint.</summary>
    public OtlpOptions Otlp { get; set; } = new();
}
