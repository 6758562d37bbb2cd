using System.Net;
using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>/_metrics after real traffic: each test starts its own app, so every count is exact.</summary>
public sealed class MetricsEndpointTests
{
    private const string Requests = "bunbase_http_requests_total";
    private const string Executions = "bunbase_action_executions_total";
    private const string Errors = "bunbase_errors_total";

    [Fact]
    public async Task Scripted_traffic_is_counted_under_route_templates_and_action_names()
    {
        await using var app = await AppServer.StartAsync();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/hello")).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/fail/not-found?n={i}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/echo", Json("""{"name":"a","count":1}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/echo", Json("""{"name":"b","count":2}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PostAsync("/echo", Json("""{"name":"","count":2}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.GetAsync("/fail/crash")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/call/fine")).StatusCode);

        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(5, metrics.Value(Requests, ("method", "GET"), ("route", "/hello"), ("status", "200")));
        Assert.Equal(3, metrics.Value(Requests, ("method", "GET"), ("route", "/fail/{kind}"), ("status", "404")));
        Assert.Equal(1, metrics.Value(Requests, ("method", "GET"), ("route", "/fail/{kind}"), ("status", "500")));
        Assert.Equal(2, metrics.Value(Requests, ("method", "POST"), ("route", "/echo"), ("status", "200")));
        Assert.Equal(1, metrics.Value(Requests, ("method", "POST"), ("route", "/echo"), ("status", "400")));
        Assert.Equal(5, metrics.Value("bunbase_http_request_duration_ms_count", ("method", "GET"), ("route", "/hello")));

        Assert.Equal(5, metrics.Value(Executions, ("action", "hello"), ("status", "ok")));
        Assert.Equal(3, metrics.Value(Executions, ("action", "fail"), ("status", "rejected")));
        Assert.Equal(1, metrics.Value(Executions, ("action", "fail"), ("status", "failed")));
        Assert.Equal(1, metrics.Value(Executions, ("action", "echo"), ("status", "rejected")));
        Assert.Equal(1, metrics.Value(Executions, ("action", "call-fail"), ("status", "ok")));
        Assert.Equal(1, metrics.Value(Executions, ("action", "fail"), ("status", "ok")));
        Assert.Equal(5, metrics.Value("bunbase_action_duration_ms_count", ("action", "hello")));

        Assert.Equal(3, metrics.Value(Errors, ("type", "thing_not_found"), ("action", "fail")));
        Assert.Equal(1, metrics.Value(Errors, ("type", "internal_error"), ("action", "fail")));
        Assert.Equal(1, metrics.Value(Errors, ("type", "validation_failed"), ("action", "echo")));
        Assert.DoesNotContain(metrics.Samples, s => s.Labels.Values.Any(v => v.Contains('?', StringComparison.Ordinal) || v.Contains("not-found", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Random_404_paths_and_methods_fold_into_a_bounded_set_of_series()
    {
        await using var app = await AppServer.StartAsync();
        await SendRandomMissesAsync(app.Client, 20);
        var before = HttpSeries(await MetricsText.ScrapeAsync(app.Client));

        await SendRandomMissesAsync(app.Client, 300);
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(before, HttpSeries(metrics));
        Assert.Equal(320 - 32, metrics.Value(Requests, ("method", "GET"), ("route", "unmatched"), ("status", "404")));
        Assert.Equal(32, metrics.Value(Requests, ("method", "_OTHER"), ("route", "unmatched"), ("status", "404")));
        Assert.Equal(["/_metrics", "unmatched"], metrics.Find(Requests).Select(s => s.Labels["route"]).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain("/missing-", metrics.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_before_the_action_runs_count_for_the_action_but_not_as_executions()
    {
        await using var app = await AppServer.StartAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PostAsync("/echo", Json("""{"name":"""))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await app.Client.PostAsync("/echo", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(1, metrics.Value(Errors, ("type", "malformed_json"), ("action", "echo")));
        Assert.Equal(1, metrics.Value(Errors, ("type", "unsupported_media_type"), ("action", "echo")));
        Assert.Empty(metrics.Find(Executions, ("action", "echo")));
    }

    [Fact]
    public async Task Runtime_endpoints_are_counted_under_their_fixed_paths()
    {
        await using var app = await AppServer.StartAsync();

        await app.Client.GetAsync("/_health/live");
        await app.Client.GetAsync("/openapi.json");
        await app.Client.GetAsync("/docs/index.html");
        await app.Client.GetAsync("/_metrics");
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(1, metrics.Value(Requests, ("route", "/_health/live"), ("status", "200")));
        Assert.Equal(1, metrics.Value(Requests, ("route", "/openapi.json"), ("status", "200")));
        Assert.Equal(1, metrics.Value(Requests, ("route", "/docs/{*file}"), ("status", "200")));
        Assert.Equal(1, metrics.Value(Requests, ("route", "/_metrics"), ("status", "200")));
    }

    [Fact]
    public async Task Histogram_buckets_follow_the_configuration()
    {
        await using var app = await AppServer.StartAsync(extraConfig: """ "observability": { "metrics": { "bucketsMs": [2, 20, 200] } } """);
        await app.Client.GetAsync("/hello");

        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(["2", "20", "200", "+Inf"], metrics.Find("bunbase_http_request_duration_ms_bucket", ("route", "/hello")).Select(s => s.Labels["le"]));
        Assert.Equal(["2", "20", "200", "+Inf"], metrics.Find("bunbase_action_duration_ms_bucket", ("action", "hello")).Select(s => s.Labels["le"]));
    }

    [Fact]
    public async Task The_path_is_configurable()
    {
        await using var app = await AppServer.StartAsync(extraConfig: """ "observability": { "metrics": { "path": "/internal/metrics" } } """);

        var metrics = await MetricsText.ScrapeAsync(app.Client, "/internal/metrics");

        Assert.True(metrics.Declares(Requests, "counter"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/_metrics")).StatusCode);
    }

    [Theory]
    [InlineData(""" "observability": { "metrics": { "enabled": false } } """)]
    [InlineData(""" "observability": { "enabled": false } """)]
    public async Task Disabled_metrics_are_not_served(string config)
    {
        await using var app = await AppServer.StartAsync(extraConfig: config);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/hello")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/_metrics")).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Process_metrics_follow_include_default_metrics(bool include)
    {
        await using var app = await AppServer.StartAsync(extraConfig: $$""" "observability": { "metrics": { "includeDefaultMetrics": {{(include ? "true" : "false")}} } } """);

        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(include, metrics.Declares("process_cpu_seconds_total", "counter"));
        Assert.Equal(include, metrics.Declares("dotnet_total_memory_bytes", "gauge"));
        Assert.True(metrics.Declares(Requests, "counter"));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("text/plain", null, false)]
    [InlineData("application/openmetrics-text; version=1.0.0", null, true)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", null, true)]
    [InlineData("text/plain;q=0.9,application/openmetrics-text;q=0.5", null, false)]
    [InlineData("text/plain", "application/openmetrics-text", true)]
    [InlineData("application/openmetrics-text;q=0", null, false)]
    [InlineData("Application/OpenMetrics-Text", null, true)]
    [InlineData("*/*,application/openmetrics-text;q=0.5", null, false)]
    [InlineData("text/*;q=0.4,application/openmetrics-text;q=0.5", null, true)]
    public async Task OpenMetrics_is_served_when_the_client_prefers_it(string? accept, string? acceptQuery, bool openMetrics)
    {
        await using var app = await AppServer.StartAsync();
        await app.Client.GetAsync("/hello");
        using var request = new HttpRequestMessage(HttpMethod.Get, acceptQuery is null ? "/_metrics" : "/_metrics?accept=" + Uri.EscapeDataString(acceptQuery));
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text.Length, response.Content.Headers.ContentLength);
        if (openMetrics)
        {
            Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Contains("# TYPE bunbase_http_requests counter\n", text, StringComparison.Ordinal);
            Assert.Contains("bunbase_http_requests_total{method=\"GET\",route=\"/hello\",status=\"200\"} 1.0\n", text, StringComparison.Ordinal);
            Assert.Contains("le=\"1.0\"", text, StringComparison.Ordinal);
            Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Contains("# TYPE bunbase_http_requests_total counter\n", text, StringComparison.Ordinal);
            Assert.Contains("bunbase_http_requests_total{method=\"GET\",route=\"/hello\",status=\"200\"} 1\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);
            MetricsText.Parse(text);
        }
    }

    [Fact]
    public async Task Concurrent_scrapes_each_get_a_whole_exposition_that_counts_every_earlier_request()
    {
        await using var app = await AppServer.StartAsync();
        for (var i = 0; i < 3; i++)
            await app.Client.GetAsync("/hello");

        var scrapes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => MetricsText.ScrapeAsync(app.Client)));

        Assert.All(scrapes, metrics =>
        {
            Assert.Equal(3, metrics.Value(Requests, ("method", "GET"), ("route", "/hello"), ("status", "200")));
            Assert.True(metrics.Declares("process_cpu_seconds_total", "counter"));
            Assert.True(metrics.Declares("bunbase_db_query_duration_ms", "histogram"));
        });
    }

    [Fact]
    public async Task A_metrics_path_on_an_action_route_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<Bunbase.Runtime.Foundation.StartupException>(() =>
            AppServer.StartAsync(extraConfig: """ "observability": { "metrics": { "path": "/hello" } } """));

        Assert.Contains("Action 'hello'", error.Message, StringComparison.Ordinal);
        Assert.Contains("observability.metrics.path '/hello'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_health", "a health endpoint's")]
    [InlineData("/openapi.json", "openapi.path's")]
    [InlineData("/docs/metrics", "docs.path's")]
    public async Task A_metrics_path_on_a_runtime_endpoint_is_refused_at_start(string path, string owner)
    {
        var error = await Assert.ThrowsAsync<Bunbase.Runtime.Foundation.StartupException>(() =>
            AppServer.StartAsync(extraConfig: $$""" "observability": { "metrics": { "path": "{{path}}" } } """));

        Assert.Equal($"observability.metrics.path '{path}' is already {owner}; choose another path.", error.Message);
    }

    [Fact]
    public async Task Active_connections_counts_open_client_connections()
    {
        await using var app = await AppServer.StartAsync();
        using var scraper = new HttpClient { BaseAddress = app.Address };
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync(app.Address.Host, app.Address.Port);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /hello HTTP/1.1\r\nHost: {app.Address.Authority}\r\n\r\n"));
                var buffer = new byte[1024];
                Assert.True(await client.GetStream().ReadAsync(buffer) > 0);
            }

            Assert.Equal(4, (await MetricsText.ScrapeAsync(scraper)).Value("bunbase_active_connections"));
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }

        // The server notices the closes asynchronously: a bounded wait.
        var open = double.NaN;
        for (var attempt = 0; attempt < 100 && open != 1; attempt++)
        {
            open = (await MetricsText.ScrapeAsync(scraper)).Value("bunbase_active_connections");
            if (open != 1)
                await Task.Delay(50);
        }

        Assert.Equal(1, open);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task SendRandomMissesAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            // Every tenth request uses a made-up method: methods are folded too.
            using var request = new HttpRequestMessage(i % 10 == 0 ? new HttpMethod("X" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()) : HttpMethod.Get, $"/missing-{Guid.NewGuid():N}/{i}");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    private static string[] HttpSeries(MetricsText metrics) =>
        [.. metrics.Samples.Where(s => s.Name.StartsWith("bunbase_http_", StringComparison.Ordinal))
            .Select(s => s.Name + "{" + string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}")
            .Where(s => !s.Contains("route=/_metrics", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
