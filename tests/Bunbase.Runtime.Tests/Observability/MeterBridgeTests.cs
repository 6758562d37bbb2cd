using System.Diagnostics.Metrics;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The bridge on a meter of the test's own, so no other test's measurements reach it.</summary>
public sealed class MeterBridgeTests : IDisposable
{
    private static readonly double[] BucketsMs = [1, 10, 100];
    private readonly Meter _meter = new("bridge-test-" + Guid.NewGuid());
    private readonly MetricRegistry _registry = new();
    private readonly Dictionary<string, string[]> _declared = new(StringComparer.Ordinal);
    private MeterBridge? _bridge;

    public void Dispose()
    {
        _bridge?.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task A_counter_is_served_as_a_counter_under_its_exact_name()
    {
        _declared["bunbase_things_total"] = ["kind"];
        var things = _meter.CreateCounter<long>("bunbase_things_total", description: "Things.");
        Start();

        things.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        things.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        things.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        var metrics = await ScrapeAsync();

        Assert.True(metrics.Declares("bunbase_things_total", "counter"));
        Assert.Equal(5, metrics.Value("bunbase_things_total", ("kind", "a")));
        Assert.Equal(1, metrics.Value("bunbase_things_total", ("kind", "b")));
    }

    [Fact]
    public async Task Declared_families_are_served_before_the_first_measurement()
    {
        _declared["bunbase_waiting_ms"] = ["target"];
        _meter.CreateHistogram<double>("bunbase_waiting_ms", "ms", "Waiting.");
        Start();

        Assert.True((await ScrapeAsync()).Declares("bunbase_waiting_ms", "histogram"));
    }

    [Fact]
    public async Task A_histogram_uses_the_configured_buckets_unless_the_instrument_advises_its_own()
    {
        var configured = _meter.CreateHistogram<double>("bunbase_configured_ms");
        var advised = _meter.CreateHistogram<double>("bunbase_advised_bytes", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [512, 4096] });
        Start();

        configured.Record(5);
        advised.Record(1000);
        var metrics = await ScrapeAsync();

        Assert.Equal(["1", "10", "100", "+Inf"], metrics.Find("bunbase_configured_ms_bucket").Select(s => s.Labels["le"]));
        Assert.Equal(1, metrics.Value("bunbase_configured_ms_bucket", ("le", "10")));
        Assert.Equal(0, metrics.Value("bunbase_configured_ms_bucket", ("le", "1")));
        Assert.Equal(["512", "4096", "+Inf"], metrics.Find("bunbase_advised_bytes_bucket").Select(s => s.Labels["le"]));
    }

    [Fact]
    public async Task Observable_gauges_are_read_at_every_scrape()
    {
        var depth = 3L;
        _declared["bunbase_depth"] = ["queue"];
        _meter.CreateObservableGauge("bunbase_depth", () => new Measurement<long>(depth, new KeyValuePair<string, object?>("queue", "mail")));
        Start();

        Assert.Equal(3, (await ScrapeAsync()).Value("bunbase_depth", ("queue", "mail")));
        depth = 8;
        Assert.Equal(8, (await ScrapeAsync()).Value("bunbase_depth", ("queue", "mail")));
    }

    [Fact]
    public async Task Undeclared_tags_are_ignored_and_missing_labels_are_empty()
    {
        _declared["bunbase_calls_total"] = ["action", "target"];
        var calls = _meter.CreateCounter<int>("bunbase_calls_total");
        Start();

        calls.Add(1, new KeyValuePair<string, object?>("action", "a"), new KeyValuePair<string, object?>("user", "someone@example.com"));
        var metrics = await ScrapeAsync();

        Assert.Equal(1, metrics.Value("bunbase_calls_total", ("action", "a"), ("target", "")));
        Assert.DoesNotContain("someone@example.com", metrics.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undeclared_instrument_takes_its_labels_from_its_first_measurement()
    {
        var counter = _meter.CreateCounter<long>("bunbase_learned_total");
        var upDown = _meter.CreateUpDownCounter<long>("bunbase_in_use");
        Start();

        counter.Add(1, new KeyValuePair<string, object?>("b", "2"), new KeyValuePair<string, object?>("a", "1"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "1"), new KeyValuePair<string, object?>("b", "2"));
        upDown.Add(5);
        upDown.Add(-2);
        var metrics = await ScrapeAsync();

        Assert.Equal(2, metrics.Value("bunbase_learned_total", ("a", "1"), ("b", "2")));
        Assert.True(metrics.Declares("bunbase_in_use", "gauge"));
        Assert.Equal(3, metrics.Value("bunbase_in_use"));
    }

    [Fact]
    public async Task Instruments_of_other_meters_are_not_served()
    {
        using var other = new Meter("bridge-other-" + Guid.NewGuid());
        var counter = other.CreateCounter<long>("bunbase_elsewhere_total");
        Start();

        counter.Add(1);

        Assert.DoesNotContain("bunbase_elsewhere_total", (await ScrapeAsync()).Text, StringComparison.Ordinal);
    }

    private void Start()
    {
        _bridge = new MeterBridge(_meter, _declared, _registry, BucketsMs, NullLogger.Instance);
    }

    private Task<MetricsText> ScrapeAsync() => Task.FromResult(MetricsText.Parse(_registry.CollectText()));
}
