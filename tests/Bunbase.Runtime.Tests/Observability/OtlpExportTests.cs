using System.Diagnostics;
using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Spans and log records sent over the wire to an OTLP receiver on loopback that the test runs.</summary>
[Collection(TracingCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_of_a_traced_request_reach_the_collector_over_otlp_http()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = await AppServer.StartAsync(name: "otlp-http", extraConfig: $$"""
            "observability": {
              "tracing": { "otlp": { "endpoint": "{{collector.Address}}", "headers": "x-api-key=secret-value" } },
              "logging": { "otlp": { "endpoint": "{{collector.Address}}" } }
            }
            """);
        var traceId = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/call/crash");
        request.Headers.Add("traceparent", SpanCollector.TraceParent(traceId, clientSpan));
        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.SendAsync(request)).StatusCode);
        var spans = await WaitAsync(app, () => collector.Spans().Where(s => s.TraceId == traceId.ToHexString()).ToArray(), 3);

        var server = Assert.Single(spans, s => s.Name == "GET /call/{kind}");
        var caller = Assert.Single(spans, s => s.Name == "action call-fail");
        var callee = Assert.Single(spans, s => s.Name == "action fail");
        Assert.Equal(clientSpan.ToHexString(), server.ParentSpanId);
        Assert.Equal(server.SpanId, caller.ParentSpanId);
        Assert.Equal(caller.SpanId, callee.ParentSpanId);
        Assert.All(spans, s => Assert.Equal("otlp-http", s.Service));
        Assert.Contains("secret-value", collector.ApiKeys);

        var logs = await WaitAsync(app, () => collector.Logs().Where(l => l.TraceId == traceId.ToHexString()).ToArray(), 1);
        Assert.Contains("Action call-fail failed", Assert.Single(logs).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spans_reach_the_collector_over_otlp_grpc()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "observability": { "tracing": { "otlp": { "endpoint": "{{collector.GrpcAddress}}", "protocol": "Grpc" } } }
            """);
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
        request.Headers.Add("traceparent", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        var spans = await WaitAsync(app, () => collector.Spans().Where(s => s.TraceId == traceId.ToHexString()).ToArray(), 2);

        Assert.Contains(spans, s => s.Name == "GET /hello");
        Assert.Contains(spans, s => s.Name == "action hello");
    }

    [Fact]
    public async Task Spans_wait_for_a_collector_slow_to_answer_and_none_is_dropped()
    {
        await using var collector = await OtlpCollector.StartAsync();
        collector.Hold();
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "observability": { "tracing": { "otlp": { "endpoint": "{{collector.Address}}", "timeoutMs": 120000 } } }
            """);
        var traceId = ActivityTraceId.CreateRandom();

        // 4,000 spans: one export of at most 512 waits for the collector, the rest wait in the queue
        // (the OpenTelemetry SDK's own queue of 2,048 dropped over 1,400 of them here).
        const int requests = 2_000;
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
            request.Headers.Add("traceparent", SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));
            using var response = await app.Client.SendAsync(request, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        collector.Release();

        var spans = await WaitAsync(app, () => collector.Spans().Where(s => s.TraceId == traceId.ToHexString()).ToArray(), 2 * requests);
        Assert.Equal(requests, spans.Count(s => s.Name == "GET /hello"));
        Assert.Equal(requests, spans.Count(s => s.Name == "action hello"));
    }

    /// <summary>Flushes the app's exporters (a real export over the wire) until the collector has what is expected; bounded.</summary>
    private static async Task<T[]> WaitAsync<T>(AppServer app, Func<T[]> read, int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            app.Services.GetRequiredService<TracerProvider>().ForceFlush(5_000);
            app.Services.GetService<LoggerProvider>()?.ForceFlush(5_000);
            var items = read();
            if (items.Length >= count)
                return items;
            await Task.Delay(100);
        }

        throw new TimeoutException($"the collector received {read().Length} of {count} items");
    }
}
