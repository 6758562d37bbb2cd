using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Prometheus metrics (<c>observability.metrics.*</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>Whether metrics are recorded and served (when <c>observability.enabled</c> is too).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the Prometheus text exposition is served.</summary>
    /// <value>The default is <c>/_metrics</c>.</value>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$")]
    public string Path { get; set; } = "/_metrics";

    /// <summary>Whether process and .NET runtime metrics (<c>process_*</c>, <c>dotnet_*</c>) are served too.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeDefaultMetrics { get; set; } = true;

    /// <summary>
    /// The upper bounds, in milliseconds, of the duration histograms' buckets
    /// (<c>bunbase_http_request_duration_ms</c>, <c>bunbase_action_duration_ms</c>,
    /// <c>bunbase_db_query_duration_ms</c>): positive and increasing, at most 40.
    /// </summary>
    /// <value>The default is 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 and 10000.</value>
#pragma warning disable CA1819 // Bound from configuration.
    [IncreasingBuckets]
    public double[] BucketsMs { get; set; } = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
#pragma warning restore CA1819
}
