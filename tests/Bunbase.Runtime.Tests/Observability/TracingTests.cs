using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Tests.Infrastructure;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Spans of real requests, read at the OpenTelemetry SDK's boundary (its in-memory exporter).</summary>
[Collection(TracingCollection.Name)]
public sealed class TracingTests
{
    private readonly SpanCollector _collector = new();

    [Fact]
    public async Task A_client_traceparent_is_continued_by_the_request_and_action_spans()
    {
        await using var app = await StartAsync();
        var traceId = SpanCollector.NewTraceId();
        var clientSpan = ActivitySpanId.CreateRandom();

        var response = await SendAsync(app, "/hello", SpanCollector.TraceParent(traceId, clientSpan));
        var spans = await _collector.WaitForSpansAsync(traceId, 2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        var action = Assert.Single(spans, s => s.Source.Name == RuntimeActivitySource.Name);
        Assert.Equal(clientSpan, request.ParentSpanId);
        Assert.Equal("GET /hello", request.DisplayName);
        Assert.Equal("/hello", request.GetTagItem("http.route"));
        Assert.Equal("GET", request.GetTagItem("http.request.method"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal("/hello", request.GetTagItem("url.path"));
        Assert.Equal("http", request.GetTagItem("url.scheme"));
        Assert.Equal("1.1", request.GetTagItem("network.protocol.version"));
        Assert.Equal("action hello", action.DisplayName);
        Assert.Equal("hello", action.GetTagItem("bunbase.action"));
        Assert.Equal(request.SpanId, action.ParentSpanId);
    }

    [Fact]
    public async Task A_nested_call_is_a_child_span_of_the_calling_action()
    {
        await using var app = await StartAsync();
        var traceId = SpanCollector.NewTraceId();

        await SendAsync(app, "/call/fine", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        var spans = await _collector.WaitForSpansAsync(traceId, 3);

        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        var caller = Assert.Single(spans, s => s.DisplayName == "action call-fail");
        var callee = Assert.Single(spans, s => s.DisplayName == "action fail");
        Assert.Equal(request.SpanId, caller.ParentSpanId);
        Assert.Equal(caller.SpanId, callee.ParentSpanId);
        Assert.Equal(request.TraceId, callee.TraceId);
    }

    [Fact]
    public async Task A_request_without_traceparent_starts_a_trace_whose_id_the_action_sees()
    {
        await using var app = await StartAsync();

        var body = JsonDocument.Parse(await app.Client.GetStringAsync("/context")).RootElement;
        var traceId = ActivityTraceId.CreateFromString(body.GetProperty("traceId").GetString());
        var spans = await _collector.WaitForSpansAsync(traceId, 2);

        Assert.Contains(spans, s => s.DisplayName == "GET /context" && s.ParentSpanId == default);
        Assert.Contains(spans, s => s.DisplayName == "action context");
    }

    [Fact]
    public async Task A_failing_action_marks_its_span_and_the_request_span_as_errors()
    {
        await using var app = await StartAsync();

        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/fail/crash"), HttpStatusCode.InternalServerError);
        var traceId = ActivityTraceId.CreateFromString(problem.Body.GetProperty("traceId").GetString());
        var spans = await _collector.WaitForSpansAsync(traceId, 2);

        var action = Assert.Single(spans, s => s.DisplayName == "action fail");
        Assert.Equal(ActivityStatusCode.Error, action.Status);
        Assert.Equal("internal_error", action.GetTagItem("error.type"));
        Assert.Contains(action.Events, e => e.Name == "exception");
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(ActivityStatusCode.Error, request.Status);
        Assert.Equal("500", request.GetTagItem("error.type"));
        Assert.Equal(500, request.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_rejected_call_is_not_a_server_error()
    {
        await using var app = await StartAsync();
        var traceId = SpanCollector.NewTraceId();

        await SendAsync(app, "/fail/not-found", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        var spans = await _collector.WaitForSpansAsync(traceId, 2);

        var action = Assert.Single(spans, s => s.DisplayName == "action fail");
        Assert.Equal("thing_not_found", action.GetTagItem("error.type"));
        Assert.Equal("rejected", action.GetTagItem("bunbase.action.status"));
        Assert.Equal(ActivityStatusCode.Unset, action.Status);
        Assert.Equal(ActivityStatusCode.Unset, Assert.Single(spans, s => s.Kind == ActivityKind.Server).Status);
    }

    [Fact]
    public async Task Unmatched_requests_are_named_by_method_alone()
    {
        await using var app = await StartAsync();
        var traceId = SpanCollector.NewTraceId();

        await SendAsync(app, $"/nothing/{Guid.NewGuid():N}", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        var request = Assert.Single(await _collector.WaitForSpansAsync(traceId, 1));

        Assert.Equal("GET", request.DisplayName);
        Assert.Null(request.GetTagItem("http.route"));
    }

    [Fact]
    public async Task Sampling_rate_zero_records_no_new_trace_but_follows_a_sampled_caller()
    {
        await using var app = await StartAsync(""" "observability": { "tracing": { "samplingRate": 0 } } """);
        var unsampled = SpanCollector.NewTraceId();
        var sampled = SpanCollector.NewTraceId();

        var body = JsonDocument.Parse(await app.Client.GetStringAsync("/context")).RootElement;
        var fresh = ActivityTraceId.CreateFromString(body.GetProperty("traceId").GetString());
        await SendAsync(app, "/hello", SpanCollector.TraceParent(unsampled, ActivitySpanId.CreateRandom(), sampled: false));
        await SendAsync(app, "/hello", SpanCollector.TraceParent(sampled, ActivitySpanId.CreateRandom(), sampled: true));

        // The sampled request came last: once its spans are out, the others would have been too.
        Assert.Equal(2, (await _collector.WaitForSpansAsync(sampled, 2)).Length);
        Assert.Empty(_collector.SpansOf(fresh));
        Assert.Empty(_collector.SpansOf(unsampled));
    }

    [Fact]
    public async Task Tracing_enabled_false_records_nothing_but_still_continues_the_trace_id()
    {
        await using var app = await StartAsync(""" "observability": { "tracing": { "enabled": false } } """);
        var traceId = SpanCollector.NewTraceId();

        var problem = await Problem.ReadAsync(await SendAsync(app, "/fail/not-found", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom())), HttpStatusCode.NotFound);
        await SendAsync(app, "/hello", null);

        Assert.Equal(traceId.ToHexString(), problem.Body.GetProperty("traceId").GetString());
        Assert.Empty(_collector.SpansOf(traceId));
    }

    [Fact]
    public async Task Redis_commands_of_the_kv_store_are_client_spans_of_the_action()
    {
        await using var app = await StartAsync($$""" "redis": { "url": "{{TestServices.RedisUrl}}", "timeoutMs": 5000 }, "kv": { "prefix": "test-{{Guid.NewGuid():N}}:" } """);
        var traceId = SpanCollector.NewTraceId();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/kv/{Guid.NewGuid():N}/increment");
        request.Headers.Add("traceparent", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        var spans = await _collector.WaitForSpansAsync(traceId, 3);

        var action = Assert.Single(spans, s => s.DisplayName == "action kv-increment");
        var redis = Assert.Single(spans, s => s.Kind == ActivityKind.Client);
        Assert.Equal("EVALSHA", redis.DisplayName);
        Assert.Equal("redis", redis.GetTagItem("db.system.name"));
        Assert.Equal(action.SpanId, redis.ParentSpanId);
    }

    [Fact]
    public async Task Npgsql_commands_are_recorded_in_the_current_trace()
    {
        await using var app = await StartAsync();
        await using var database = NpgsqlDataSource.Create(TestServices.DatabaseConnectionString());
        ActivityTraceId traceId;
        ActivitySpanId parentId;

        using (var parent = RuntimeActivitySource.Instance.StartActivity("test parent"))
        {
            Assert.NotNull(parent);
            traceId = parent.TraceId;
            parentId = parent.SpanId;
            await using var command = database.CreateCommand("select 1");
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        var spans = await _collector.WaitForSpansAsync(traceId, 3);

        // Npgsql records the physical connect as a span of its own, and then the command.
        var query = Assert.Single(spans, s => s.Source.Name == "Npgsql" && !s.DisplayName.StartsWith("CONNECT", StringComparison.Ordinal));
        Assert.Equal(parentId, query.ParentSpanId);
        Assert.Equal(ActivityKind.Client, query.Kind);
    }

    [Fact]
    public async Task Log_records_carry_the_trace_and_span_of_the_request()
    {
        await using var app = await StartAsync();
        var traceId = SpanCollector.NewTraceId();

        await SendAsync(app, "/fail/crash", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        var spans = await _collector.WaitForSpansAsync(traceId, 2);
        var logs = await _collector.WaitForLogsAsync(l => l.TraceId == traceId);

        var log = Assert.Single(logs);
        Assert.Equal("Bunbase.Runtime.Http.ProblemResponses", log.CategoryName);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, log.LogLevel);
        Assert.Equal(Assert.Single(spans, s => s.Kind == ActivityKind.Server).SpanId, log.SpanId);
    }

    private Task<AppServer> StartAsync(string extraConfig = "") =>
        AppServer.StartAsync(extraConfig: extraConfig, host: host =>
        {
            host.ConfigureTracing = tracing => tracing.AddInMemoryExporter(_collector.Spans);
            host.ConfigureLogExport = logs => logs.AddInMemoryExporter(_collector.Logs);
        });

    private static async Task<HttpResponseMessage> SendAsync(AppServer app, string path, string? traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (traceparent is not null)
            request.Headers.Add("traceparent", traceparent);
        var response = await app.Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
