using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The registry's exposition, compared byte for byte where it must not change.</summary>
public sealed class MetricRegistryTests
{
    // What prometheus-net 8.2.1 (served before) wrote for the registry of Populate, captured from it.
    private const string PrometheusNetText = """
# HELP t_requests_total Requests, by "route".
# TYPE t_requests_total counter
t_requests_total{method="GET",route="/a\\b\"c\nd"} 3
t_requests_total{method="POST",route="/x"} 0.5
t_requests_total{method="PUT",route="/y"} 0
t_requests_total{method="PUT",route="/z"} 1
t_requests_total{method="PUT",route="/w"} 123456789
# HELP t_sup_total S.
# TYPE t_sup_total counter
t_sup_total{a="y"} 1
# HELP t_nolabel 
# TYPE t_nolabel counter
t_nolabel 0
# HELP t_gauge G.
# TYPE t_gauge gauge
t_gauge -1
# HELP t_gauge2 G2.
# TYPE t_gauge2 gauge
t_gauge2{q="a"} 1.5e-07
t_gauge2{q="b"} 274877906944
t_gauge2{q="c"} 0.30000000000000004
# HELP t_dur_ms D.
# TYPE t_dur_ms histogram
t_dur_ms_sum{route="/a"} 20060.35
t_dur_ms_count{route="/a"} 7
t_dur_ms_bucket{route="/a",le="0.1"} 2
t_dur_ms_bucket{route="/a",le="0.25"} 3
t_dur_ms_bucket{route="/a",le="1"} 3
t_dur_ms_bucket{route="/a",le="2.5"} 3
t_dur_ms_bucket{route="/a",le="10"} 5
t_dur_ms_bucket{route="/a",le="1000"} 6
t_dur_ms_bucket{route="/a",le="10000"} 6
t_dur_ms_bucket{route="/a",le="+Inf"} 7
t_dur_ms_sum{route="/empty"} 0
t_dur_ms_count{route="/empty"} 0
t_dur_ms_bucket{route="/empty",le="0.1"} 0
t_dur_ms_bucket{route="/empty",le="0.25"} 0
t_dur_ms_bucket{route="/empty",le="1"} 0
t_dur_ms_bucket{route="/empty",le="2.5"} 0
t_dur_ms_bucket{route="/empty",le="10"} 0
t_dur_ms_bucket{route="/empty",le="1000"} 0
t_dur_ms_bucket{route="/empty",le="10000"} 0
t_dur_ms_bucket{route="/empty",le="+Inf"} 0
# HELP t_one O.
# TYPE t_one histogram
t_one_sum 1
t_one_count 1
t_one_bucket{le="1"} 1
t_one_bucket{le="2"} 1
t_one_bucket{le="+Inf"} 1

""";

    private const string PrometheusNetOpenMetrics = """
# HELP t_requests Requests, by "route".
# TYPE t_requests counter
t_requests_total{method="GET",route="/a\\b\"c\nd"} 3.0
t_requests_total{method="POST",route="/x"} 0.5
t_requests_total{method="PUT",route="/y"} 0.0
t_requests_total{method="PUT",route="/z"} 1.0
t_requests_total{method="PUT",route="/w"} 123456789.0
# HELP t_sup S.
# TYPE t_sup counter
t_sup_total{a="y"} 1.0
# HELP t_nolabel 
# TYPE t_nolabel unknown
t_nolabel 0.0
# HELP t_gauge G.
# TYPE t_gauge gauge
t_gauge -1.0
# HELP t_gauge2 G2.
# TYPE t_gauge2 gauge
t_gauge2{q="a"} 1.5e-07
t_gauge2{q="b"} 274877906944.0
t_gauge2{q="c"} 0.30000000000000004
# HELP t_dur_ms D.
# TYPE t_dur_ms histogram
t_dur_ms_sum{route="/a"} 20060.35
t_dur_ms_count{route="/a"} 7
t_dur_ms_bucket{route="/a",le="0.1"} 2
t_dur_ms_bucket{route="/a",le="0.25"} 3
t_dur_ms_bucket{route="/a",le="1.0"} 3
t_dur_ms_bucket{route="/a",le="2.5"} 3
t_dur_ms_bucket{route="/a",le="10.0"} 5
t_dur_ms_bucket{route="/a",le="1000.0"} 6
t_dur_ms_bucket{route="/a",le="10000.0"} 6
t_dur_ms_bucket{route="/a",le="+Inf"} 7
t_dur_ms_sum{route="/empty"} 0.0
t_dur_ms_count{route="/empty"} 0
t_dur_ms_bucket{route="/empty",le="0.1"} 0
t_dur_ms_bucket{route="/empty",le="0.25"} 0
t_dur_ms_bucket{route="/empty",le="1.0"} 0
t_dur_ms_bucket{route="/empty",le="2.5"} 0
t_dur_ms_bucket{route="/empty",le="10.0"} 0
t_dur_ms_bucket{route="/empty",le="1000.0"} 0
t_dur_ms_bucket{route="/empty",le="10000.0"} 0
t_dur_ms_bucket{route="/empty",le="+Inf"} 0
# HELP t_one O.
# TYPE t_one histogram
t_one_sum 1.0
t_one_count 1
t_one_bucket{le="1.0"} 1
t_one_bucket{le="2.0"} 1
t_one_bucket{le="+Inf"} 1
# EOF

""";

    [Fact]
    public void The_text_format_is_byte_for_byte_what_prometheus_net_served()
    {
        Assert.Equal(PrometheusNetText, Populate().CollectText());
    }

    [Fact]
    public void OpenMetrics_is_byte_for_byte_what_prometheus_net_served()
    {
        Assert.Equal(PrometheusNetOpenMetrics, Populate().CollectText(openMetrics: true));
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("t_total", "T.", ["path"]).WithLabels("a\\b\"c\nd").Inc();

        Assert.Contains("t_total{path=\"a\\\\b\\\"c\\nd\"} 1\n", registry.CollectText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline()
    {
        var registry = new MetricRegistry();
        registry.CreateGauge("t", "one\\two\nthree");

        Assert.StartsWith("# HELP t one\\\\two\\nthree\n# TYPE t gauge\n", registry.CollectText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_end_with_plus_inf()
    {
        var registry = new MetricRegistry();
        var series = registry.CreateHistogram("t_ms", "T.", ["route"], [1, 10]).WithLabels("/a");
        foreach (var value in new[] { 0.5, 1, 5, 10, 11, 1e9 })
            series.Observe(value);

        var lines = registry.CollectText().Split('\n');

        Assert.Equal(
            ["t_ms_sum{route=\"/a\"} 1000000027.5", "t_ms_count{route=\"/a\"} 6", "t_ms_bucket{route=\"/a\",le=\"1\"} 2", "t_ms_bucket{route=\"/a\",le=\"10\"} 4", "t_ms_bucket{route=\"/a\",le=\"+Inf\"} 6"],
            lines[2..7]);
    }

    [Fact]
    public void Special_values_are_spelled_as_the_formats_ask_and_integers_have_no_exponent()
    {
        var registry = new MetricRegistry();
        var gauge = registry.CreateGauge("t", "T.", ["v"]);
        gauge.WithLabels("inf").Set(double.PositiveInfinity);
        gauge.WithLabels("-inf").Set(double.NegativeInfinity);
        gauge.WithLabels("nan").Set(double.NaN);
        gauge.WithLabels("big").Set(1e18);
        gauge.WithLabels("small").Set(2.5e-7);

        var text = registry.CollectText();
        var openMetrics = registry.CollectText(openMetrics: true);

        Assert.Contains("t{v=\"inf\"} +Inf\nt{v=\"-inf\"} -Inf\nt{v=\"nan\"} NaN\nt{v=\"big\"} 1000000000000000000\nt{v=\"small\"} 2.5e-07\n", text, StringComparison.Ordinal);
        Assert.Contains("t{v=\"inf\"} +Inf\nt{v=\"-inf\"} -Inf\nt{v=\"nan\"} NaN\nt{v=\"big\"} 1000000000000000000.0\nt{v=\"small\"} 2.5e-07\n", openMetrics, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", openMetrics, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suppressed_series_is_served_from_its_first_update()
    {
        var registry = new MetricRegistry();
        var series = registry.CreateCounter("t_total", "T.", ["action"], suppressInitialValue: true).WithLabels("a");

        Assert.DoesNotContain("t_total{", registry.CollectText(), StringComparison.Ordinal);
        series.Inc();
        Assert.Contains("t_total{action=\"a\"} 1\n", registry.CollectText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_declared_again_is_the_same_family_unless_it_differs()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("t_total", "T.", ["a"]);

        Assert.Same(counter, registry.CreateCounter("t_total", "T.", ["a"]));
        Assert.Throws<InvalidOperationException>(() => registry.CreateCounter("t_total", "T.", ["b"]));
        Assert.Throws<InvalidOperationException>(() => registry.CreateGauge("t_total", "T.", ["a"]));
        Assert.Throws<ArgumentException>(() => registry.CreateGauge("t-x", "T."));
        Assert.Throws<ArgumentException>(() => counter.WithLabels("a", "b"));
        Assert.Throws<ArgumentException>(() => counter.WithLabels([null!]));
    }

    [Fact]
    public void A_failing_callback_is_skipped_and_the_rest_is_served()
    {
        var registry = new MetricRegistry();
        var gauge = registry.CreateGauge("t", "T.").Unlabelled;
        registry.AddBeforeCollectCallback(() => throw new InvalidOperationException("unreadable"));
        registry.AddBeforeCollectCallback(() => gauge.Set(7));

        Assert.Contains("t 7\n", registry.CollectText(), StringComparison.Ordinal);
    }

    /// <summary>Counters, gauges and histograms, with and without labels, suppressed and not, in prometheus-net's own order.</summary>
    private static MetricRegistry Populate()
    {
        var registry = new MetricRegistry();
        var requests = registry.CreateCounter("t_requests_total", "Requests, by \"route\".", ["method", "route"]);
        requests.WithLabels("GET", "/a\\b\"c\nd").Inc(3);
        requests.WithLabels("POST", "/x").Inc(0.5);
        requests.WithLabels("PUT", "/y");
        requests.WithLabels("PUT", "/z").Inc(1);
        requests.WithLabels("PUT", "/w").Inc(123456789);
        var suppressed = registry.CreateCounter("t_sup_total", "S.", ["a"], suppressInitialValue: true);
        suppressed.WithLabels("x");
        suppressed.WithLabels("y").Inc();
        registry.CreateCounter("t_nolabel", "");
        registry.CreateGauge("t_gauge", "G.").Unlabelled.Set(-1);
        var gauges = registry.CreateGauge("t_gauge2", "G2.", ["q"]);
        gauges.WithLabels("a").Set(1.5e-7);
        gauges.WithLabels("b").Set(274877906944);
        gauges.WithLabels("c").Set(0.1 + 0.2);
        var durations = registry.CreateHistogram("t_dur_ms", "D.", ["route"], [0.1, 0.25, 1, 2.5, 10, 1000, 10000]);
        foreach (var value in new[] { 0.05, 0.1, 0.2, 3, 50, 20000, 7 })
            durations.WithLabels("/a").Observe(value);
        durations.WithLabels("/empty");
        registry.CreateHistogram("t_one", "O.", [], [1, 2]).Unlabelled.Observe(1);
        return registry;
    }
}
