using System.Collections.Concurrent;
using System.Diagnostics;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>A transport that is not HTTP gets the whole pipeline: guards, validation, run log, metrics and span, under its own trigger.</summary>
public sealed class InvocationPipelineTests : IAsyncLifetime
{
    private const string Executions = "bunbase_action_executions_total";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_transport_of_its_own_gets_guards_validation_run_log_metrics_and_span_under_its_trigger()
    {
        await using var app = await StartAsync();
        var token = await TestSessions.StartAsync(app.Client, "user-9");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        var before = await MetricsText.ScrapeAsync(app.Client);

        var anonymous = await InvokeAsync<Me.Input, Me.Output>(app, "auth-me", null, () => new Me.Input());
        var signedIn = await InvokeAsync<Me.Input, Me.Output>(app, "auth-me", token, () => new Me.Input());
        var invalid = await InvokeAsync<Echo.Payload, Echo.Payload>(app, "echo", null, () => new Echo.Payload("", 5));
        var valid = await InvokeAsync<Echo.Payload, Echo.Payload>(app, "echo", null, () => new Echo.Payload("ann", 5));

        // Guards and validation.
        Assert.Equal(401, anonymous.Error?.Status);
        Assert.Equal("user-9", signedIn.Output?.Id);
        Assert.Equal("validation_failed", invalid.Error?.Code);
        Assert.Equal(["name"], invalid.Error?.Errors?.Keys);
        Assert.Equal("ann", valid.Output?.Name);

        // The run log, with the transport's own trigger and no HTTP status.
        await Eventually.TrueAsync(async () => await CountAsync("trigger = 'test'") == 4, "four runs of the test transport");
        Assert.Equal(1, await CountAsync("action = 'auth-me' and trigger = 'test' and status = 'rejected' and error_type = 'session_required' and http_status is null"));
        Assert.Equal(1, await CountAsync("action = 'auth-me' and trigger = 'test' and status = 'ok' and user_id = 'user-9'"));
        Assert.Equal(1, await CountAsync("action = 'echo' and trigger = 'test' and status = 'rejected' and error_type = 'validation_failed'"));
        Assert.Equal(1, await CountAsync("action = 'echo' and trigger = 'test' and status = 'ok' and output->>'name' = 'ann'"));

        // Metrics: the executions (a refusal by a guard is not one; a validation failure is).
        var after = await MetricsText.ScrapeAsync(app.Client);
        Assert.Equal(1, Delta(before, after, Executions, ("action", "auth-me"), ("status", "ok")));
        Assert.Equal(1, Delta(before, after, Executions, ("action", "echo"), ("status", "ok")));
        Assert.Equal(1, Delta(before, after, Executions, ("action", "echo"), ("status", "rejected")));
        Assert.Equal(1, Delta(before, after, "bunbase_errors_total", ("type", "session_required"), ("action", "auth-me")));

        // Spans: one per execution, tagged with the trigger.
        var ours = spans.Where(s => (s.GetTagItem("bunbase.action.trigger") as string) == "test").ToList();
        Assert.Equal(3, ours.Count);
        Assert.Equal(2, ours.Count(s => s.DisplayName == "action echo"));
        Assert.Single(ours, s => s.DisplayName == "action echo" && (s.GetTagItem("error.type") as string) == "validation_failed");
    }

    [Fact]
    public async Task A_rate_limit_applies_to_the_transport_s_caller()
    {
        await using var app = await StartAsync();

        var results = new List<TestTransport<Limited.Input, Limited.Output>>();
        for (var i = 0; i < 4; i++)
            results.Add(await InvokeAsync<Limited.Input, Limited.Output>(app, "limited-burst", null, () => new Limited.Input()));

        Assert.Equal([null, null, null, 429], results.Select(r => r.Error?.Status));
        Assert.Equal("rate_limited", results[3].Error?.Code);
    }

    internal static async Task<TestTransport<TInput, TOutput>> InvokeAsync<TInput, TOutput>(AppServer app, string action, string? token, Func<TInput> bind)
        where TInput : notnull
    {
        var descriptor = app.Services.GetRequiredService<ActionCatalog>().ByName[action];
        var transport = new TestTransport<TInput, TOutput>(bind);
        var invocation = new TestInvocation(descriptor, app.Services.GetRequiredService<ActionContextServices>(), new TestCaller(token));
        await app.Services.GetRequiredService<InvocationPipeline>().RunAsync(invocation, transport);
        return transport;
    }

    private static double Delta(MetricsText before, MetricsText after, string name, params (string Label, string Value)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    private static ActivityListener Listen(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private Task<AppServer> StartAsync() =>
        AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 50 }
            """, name: $"pl-{Guid.NewGuid():N}");

    private Task<long> CountAsync(string where) =>
        _database.ScalarAsync<long>($"select count(*) from bunbase_action_runs where {where}");
}
