using Bunbase.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The health service as the endpoints use it, with checks that count their runs and a clock the test moves.</summary>
public sealed class HealthCheckCacheTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly CountingCheck _store = new();
    private readonly CountingCheck _shutdown = new();
    private readonly ServiceProvider _services;

    public HealthCheckCacheTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddHealthChecks()
            .AddCheck(HealthCheckCache.ShutdownName, _shutdown)
            .AddCheck("store", _store);
        services.AddHealthCheckCache();
        _services = services.BuildServiceProvider();
    }

    private HealthCheckService Health => _services.GetRequiredService<HealthCheckService>();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Within_the_interval_a_check_result_is_served_without_running_the_check()
    {
        var first = await Health.CheckHealthAsync();
        var second = await Health.CheckHealthAsync();

        Assert.Equal(1, _store.Runs);
        Assert.Equal(HealthStatus.Healthy, first.Entries["store"].Status);
        Assert.Equal(HealthStatus.Healthy, second.Entries["store"].Status);
        Assert.Equal("run 1", second.Entries["store"].Description);
    }

    [Fact]
    public async Task After_the_interval_the_check_runs_again()
    {
        await Health.CheckHealthAsync();
        _clock.Advance(HealthCheckCache.Interval);
        _store.Next = HealthCheckResult.Unhealthy("down");
        var report = await Health.CheckHealthAsync();

        Assert.Equal(2, _store.Runs);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["store"].Status);
    }

    [Fact]
    public async Task The_shutdown_check_is_never_cached()
    {
        await Health.CheckHealthAsync();
        await Health.CheckHealthAsync();

        Assert.Equal(2, _shutdown.Runs);
    }

    [Fact]
    public async Task Concurrent_requests_share_one_run_of_the_check()
    {
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = Enumerable.Range(0, 10).Select(_ => Health.CheckHealthAsync()).ToArray();
        _store.Gate.SetResult();
        await Task.WhenAll(reports);

        Assert.Equal(1, _store.Runs);
        Assert.All(reports, r => Assert.Equal(HealthStatus.Healthy, r.Result.Entries["store"].Status));
    }

    [Fact]
    public async Task A_check_that_threw_runs_again_on_the_next_request()
    {
        _store.Throw = true;
        var first = await Health.CheckHealthAsync();
        _store.Throw = false;
        var second = await Health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, first.Entries["store"].Status);
        Assert.Equal(HealthStatus.Healthy, second.Entries["store"].Status);
        Assert.Equal(2, _store.Runs);
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public HealthCheckResult? Next { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public bool Throw { get; set; }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var run = Interlocked.Increment(ref _runs);
            if (Gate is { } gate)
                await gate.Task;
            if (Throw)
                throw new InvalidOperationException("the store is gone");
            return Next ?? HealthCheckResult.Healthy($"run {run}");
        }
    }
}
