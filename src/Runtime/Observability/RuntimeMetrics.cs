using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The application's metric registry (its own, so two applications in one process never mix
/// counts) and the families the runtime records into on every request, with series cached per
/// route and action: the hot path is one interlocked operation per value, with no allocation. Everything else reaches the registry through
/// <see cref="RuntimeInstruments"/> and the <see cref="MeterBridge"/>.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    private readonly MeterBridge _bridge;

    public RuntimeMetrics(BunbaseOptions options, TimeProvider time, ILogger<RuntimeMetrics> logger)
    {
        var metrics = options.Observability.Metrics;
        BucketsMs = metrics.BucketsMs;
        Registry = new MetricRegistry(logger);

        // Action series are created at start (no lookup per execution) but served only once used.
        HttpRequests = Registry.CreateCounter("bunbase_http_requests_total",
            "HTTP requests answered, by method, route template and status.", ["method", "route", "status"]);
        HttpRequestDuration = Registry.CreateHistogram("bunbase_http_request_duration_ms",
            "HTTP request duration in milliseconds, by method and route template.", ["method", "route"], BucketsMs);
        ActionExecutions = Registry.CreateCounter("bunbase_action_executions_total",
            "Action executions (HTTP, nested calls, jobs) by action and outcome: ok, rejected, failed or cancelled.", ["action", "status"], suppressInitialValue: true);
        ActionDuration = Registry.CreateHistogram("bunbase_action_duration_ms",
            "Action execution duration in milliseconds (validation and handler), by action.", ["action"], BucketsMs, suppressInitialValue: true);
        Errors = Registry.CreateCounter("bunbase_errors_total",
            "Errors by type (the problem code) and action.", ["type", "action"]);
        ActiveConnections = Registry.CreateGauge("bunbase_active_connections",
            "Client connections open to this instance.").Unlabelled;

        if (metrics.IncludeDefaultMetrics)
            ProcessMetrics.Register(Registry, time);
        _bridge = new MeterBridge(RuntimeMeter.Instance, RuntimeInstruments.Labels, Registry, BucketsMs, logger);
    }

    public MetricRegistry Registry { get; }

    public double[] BucketsMs { get; }

    public CounterFamily HttpRequests { get; }

    public HistogramFamily HttpRequestDuration { get; }

    public CounterFamily ActionExecutions { get; }

    public HistogramFamily ActionDuration { get; }

    public CounterFamily Errors { get; }

    public GaugeSeries ActiveConnections { get; }

    public void Dispose() => _bridge.Dispose();
}
