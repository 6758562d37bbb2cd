using System.Diagnostics;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Observability;
using OpenTelemetry.Trace;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>A request that enqueues a job: the job's execution belongs to the request's trace.</summary>
[Collection(TracingCollection.Name)]
public sealed class JobTracingTests
{
    [Fact]
    public async Task The_job_runs_in_the_trace_of_the_request_that_enqueued_it()
    {
        var collector = new SpanCollector();
        await using var app = await JobsAppServer.StartAsync(host: host => host.ConfigureTracing = tracing => tracing.AddInMemoryExporter(collector.Spans));
        var traceId = SpanCollector.NewTraceId();

        await EnqueueAsync(app, SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));

        // The job's span ends after the handler's it encloses; the request's may end before or after it.
        await Eventually.TrueAsync(
            () => Task.FromResult(collector.SpansOf(traceId) is var all && all.Any(s => s.DisplayName == "job record") && all.Any(s => s.Kind == ActivityKind.Server)),
            "the job's and the request's spans");
        var spans = collector.SpansOf(traceId);

        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        var enqueuer = Assert.Single(spans, s => s.DisplayName == "action enqueue");
        var enqueue = Assert.Single(spans, s => s.DisplayName == "enqueue record");
        var job = Assert.Single(spans, s => s.DisplayName == "job record");
        var handler = Assert.Single(spans, s => s.DisplayName == "action record");
        Assert.Equal(request.SpanId, enqueuer.ParentSpanId);
        Assert.Equal((ActivityKind.Producer, enqueuer.SpanId), (enqueue.Kind, enqueue.ParentSpanId));
        Assert.Equal((ActivityKind.Consumer, enqueue.SpanId), (job.Kind, job.ParentSpanId));
        Assert.Equal(job.SpanId, handler.ParentSpanId);
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == handler.SpanId); // the job's insert
        Assert.Equal("default", job.GetTagItem("messaging.destination.name"));
        Assert.Equal(traceId.ToHexString(), await app.Database!.ScalarAsync<string>("select trace_id from job_runs where key = 'traced'"));
    }

    [Fact]
    public async Task The_job_span_reaches_a_real_otlp_endpoint_in_the_request_trace()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = await JobsAppServer.StartAsync(extraConfig: $$""" "observability": { "tracing": { "otlp": { "endpoint": "{{collector.Address}}" } } } """);
        var traceId = SpanCollector.NewTraceId();

        await EnqueueAsync(app, SpanCollector.TraceParent(traceId, ActivitySpanId.CreateRandom()));

        OtlpSpan[] spans = [];
        await Eventually.TrueAsync(
            () =>
            {
                spans = [.. collector.Spans().Where(s => s.TraceId == traceId.ToHexString())];
                // The job's span ends after the handler's it encloses; the request's may end before or after it.
                return Task.FromResult(spans.Any(s => s.Name == "job record") && spans.Any(s => s.Name is "GET /enqueue" or "POST /enqueue"));
            },
            "the job's spans to be exported");
        var enqueue = Assert.Single(spans, s => s.Name == "enqueue record");
        var job = Assert.Single(spans, s => s.Name == "job record");
        Assert.Equal(enqueue.SpanId, job.ParentSpanId);
        Assert.Equal(job.SpanId, Assert.Single(spans, s => s.Name == "action record").ParentSpanId);
        Assert.Contains(spans, s => s.Name == "GET /enqueue" || s.Name == "POST /enqueue");
    }

    private static async Task EnqueueAsync(JobsAppServer app, string traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/enqueue") { Content = JsonContent.Create(new { key = "traced" }) };
        request.Headers.Add("traceparent", traceparent);
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
