using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The application's Prometheus registry (its own, so two applications in one process never mix
/// counts) and the collectors the runtime records into on every request. These use
/// prometheus-net directly with label children cached per route and action: the hot path is one
/// interlocked add per series, with no allocation. Everything else reaches the registry through
/// <see cref="RuntimeInstruments"/> and the <see cref="MeterBridge"/>.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    private readonly MeterBridge _bridge;

    public RuntimeMetrics(BunbaseOptions options, TimeProvider time, ILogger<RuntimeMetrics> logger)
    {
        var metrics = options.Observability.Metrics;
        BucketsMs = metrics.BucketsMs;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        var buckets = new HistogramConfiguration { Buckets = BucketsMs };

        // Action children are created at start (no lookup per execution) but served only once used.
        var actionBuckets = new HistogramConfiguration { Buckets = BucketsMs, SuppressInitialValue = true };
        var actionCounts = new CounterConfiguration { SuppressInitialValue = true };

        HttpRequests = factory.CreateCounter("bunbase_http_requests_total",
            "HTTP requests answered, by method, route template and status.", ["method", "route", "status"]);
        HttpRequestDuration = factory.CreateHistogram("bunbase_http_request_duration_ms",
            "HTTP request duration in milliseconds, by method and route template.", ["method", "route"], buckets);
        ActionExecutions = factory.CreateCounter("bunbase_action_executions_total",
            "Action executions (HTTP, nested calls, jobs) by action and outcome: ok, rejected, failed or cancelled.", ["action", "status"], actionCounts);
        ActionDuration = factory.CreateHistogram("bunbase_action_duration_ms",
            "Action execution duration in milliseconds (validation and handler), by action.", ["action"], actionBuckets);
        Errors = factory.CreateCounter("bunbase_errors_total",
            "Errors by type (the problem code) and action.", ["type", "action"]);
        ActiveConnections = factory.CreateGauge("bunbase_active_connections",
            "Client connections open to this instance.");

        if (metrics.IncludeDefaultMetrics)
            ProcessMetrics.Register(Registry, factory, time);
        _bridge = new MeterBridge(RuntimeMeter.Instance, RuntimeInstruments.Labels, Registry, factory, BucketsMs, logger);
    }

    public CollectorRegistry Registry { get; }

    public double[] BucketsMs { get; }

    public Counter HttpRequests { get; }

    public Histogram HttpRequestDuration { get; }

    public Counter ActionExecutions { get; }

    public Histogram ActionDuration { get; }

    public Counter Errors { get; }

    public Gauge ActiveConnections { get; }

    public void Dispose() => _bridge.Dispose();
}
