using System.Diagnostics.Metrics;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>
/// The instruments other capabilities record into reach /_metrics under their names. The meter is
/// process-wide, so each test records under label values of its own.
/// </summary>
public sealed class RuntimeInstrumentsTests
{
    [Fact]
    public async Task Every_declared_instrument_is_served_by_an_app()
    {
        await using var app = await AppServer.StartAsync();

        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.True(metrics.Declares("bunbase_db_query_duration_ms", "histogram"));
        Assert.True(metrics.Declares("bunbase_queue_depth", "gauge"));
        Assert.True(metrics.Declares("bunbase_action_log_flushed_total", "counter"));
        Assert.True(metrics.Declares("bunbase_action_log_dropped_total", "counter"));
        Assert.True(metrics.Declares("bunbase_action_log_flush_failures_total", "counter"));
        Assert.True(metrics.Declares("bunbase_action_log_buffered", "gauge"));
        Assert.True(metrics.Declares("bunbase_rate_limit_store_failures_total", "counter"));
    }

    [Fact]
    public async Task A_database_command_is_counted_in_the_duration_histogram()
    {
        await using var app = await AppServer.StartAsync();
        var target = "test-" + Guid.NewGuid().ToString("N");

        RuntimeInstruments.DbQueryDuration.Record(3.0, new KeyValuePair<string, object?>("target", target));
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(1, metrics.Value("bunbase_db_query_duration_ms_count", ("target", target)));
        Assert.Equal(1, metrics.Value("bunbase_db_query_duration_ms_bucket", ("target", target), ("le", "5")));
    }

    [Fact]
    public async Task Queue_depth_is_read_from_the_registered_sources_at_each_scrape()
    {
        await using var app = await AppServer.StartAsync();
        var queue = "q-" + Guid.NewGuid().ToString("N");
        var depth = 7L;
        using (RuntimeInstruments.ObserveQueueDepth(() =>
        [
            new Measurement<long>(depth, new("queue", queue), new("priority", "high")),
            new Measurement<long>(1, new("queue", queue), new("priority", "low")),
        ]))
        {
            var first = await MetricsText.ScrapeAsync(app.Client);
            depth = 2;
            var second = await MetricsText.ScrapeAsync(app.Client);

            Assert.Equal(7, first.Value("bunbase_queue_depth", ("queue", queue), ("priority", "high")));
            Assert.Equal(1, first.Value("bunbase_queue_depth", ("queue", queue), ("priority", "low")));
            Assert.Equal(2, second.Value("bunbase_queue_depth", ("queue", queue), ("priority", "high")));
        }
    }

    [Fact]
    public async Task Rate_limited_requests_decided_without_redis_are_counted_by_action()
    {
        // Nothing listens on port 1: every limited request is decided without the store (policy Open).
        await using var app = await AppServer.StartAsync(extraConfig: """ "redis": { "url": "redis://127.0.0.1:1", "timeoutMs": 50, "connectTimeoutMs": 100 } """);

        for (var i = 0; i < 2; i++)
            Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Client.GetAsync($"/tenants/{Guid.NewGuid():N}/limited")).StatusCode);
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.True(metrics.Value("bunbase_rate_limit_store_failures_total", ("action", "limited-by-tenant")) >= 2);
    }
}
