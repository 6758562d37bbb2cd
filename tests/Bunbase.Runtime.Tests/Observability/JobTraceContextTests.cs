using System.Diagnostics;
using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The hop a queued job makes: the trace is stored as a traceparent and continued where the job runs.</summary>
[Collection(TracingCollection.Name)]
public sealed class JobTraceContextTests
{
    [Fact]
    public void Capture_is_the_current_span_as_a_traceparent()
    {
        using var listener = Listen();
        using var span = RuntimeActivitySource.Instance.StartActivity("request")!;

        Assert.Equal($"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01", JobTraceContext.Capture());
    }

    [Fact]
    public void Capture_outside_any_span_is_null()
    {
        Activity.Current = null;

        Assert.Null(JobTraceContext.Capture());
    }

    [Fact]
    public async Task A_job_run_later_elsewhere_is_a_child_of_its_enqueue()
    {
        using var listener = Listen();
        string? stored;
        ActivityTraceId traceId;
        ActivitySpanId enqueueId;
        using (var request = RuntimeActivitySource.Instance.StartActivity("request")!)
        using (var enqueue = JobTraceContext.StartEnqueue("enqueue send-mail")!)
        {
            traceId = request.TraceId;
            enqueueId = enqueue.SpanId;
            Assert.Equal(ActivityKind.Producer, enqueue.Kind);
            stored = JobTraceContext.Capture();
        }

        // A worker: no ambient trace of its own.
        var (runTrace, runParent, kind) = await Task.Run(() =>
        {
            Activity.Current = null;
            using var run = JobTraceContext.StartExecution("job send-mail", stored);
            return (run.TraceId, run.ParentSpanId, run.Kind);
        });

        Assert.Equal(traceId, runTrace);
        Assert.Equal(enqueueId, runParent);
        Assert.Equal(ActivityKind.Consumer, kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public void A_missing_or_malformed_traceparent_starts_a_new_trace(string? stored)
    {
        using var listener = Listen();
        Activity.Current = null;

        using var run = JobTraceContext.StartExecution("job", stored);

        Assert.Equal(default, run.ParentSpanId);
        Assert.NotEqual(default, run.TraceId);
    }

    [Fact]
    public void Without_a_listener_the_execution_still_carries_the_trace_id_for_logs()
    {
        Activity.Current = null;
        var traceId = ActivityTraceId.CreateRandom();
        var stored = $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

        using var run = JobTraceContext.StartExecution("job", stored);

        Assert.Equal(traceId, run.TraceId);
        Assert.Same(run, Activity.Current);
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
