extern alias JobsApp;

using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gates = JobsApp::Bunbase.JobsApp.Actions.Gates;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>One queue's dispatcher and its two workers, on real jobs in the embedded store, with time on a fake clock.</summary>
public sealed class QueueDispatcherTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly List<string> _gates = [];
    private QueueParts _parts = null!;
    private JobWorkerParts _workerParts = null!;
    private QueueDispatcher _dispatcher = null!;
    private Task _claiming = Task.CompletedTask;
    private Task _completing = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _parts = await QueueParts.StartAsync();
        var owner = "dispatcher-test";
        var inFlight = new InFlightJobs();
        _workerParts = new JobWorkerParts(
            _parts.Store,
            _parts.Runner,
            new RetryPolicy(_parts.Options.Queue, () => 0.5),
            _parts.Signals,
            inFlight,
            new JobCompletions(_parts.Store, owner, inFlight, _parts.Clock, _parts.Loggers.CreateLogger<JobCompletions>()),
            new JobFailures(_parts.Store, owner, inFlight, _parts.Clock, _parts.Loggers.CreateLogger<JobFailures>()),
            _parts.Services.GetRequiredService<Bunbase.Runtime.Data.DatabaseOutages>(),
            owner);
        _dispatcher = new QueueDispatcher("default", 2, _parts.Options.Queue, _workerParts, _parts.Clock, _parts.Loggers.CreateLogger<QueueDispatcher>());
    }

    public async Task DisposeAsync()
    {
        foreach (var gate in _gates)
            Gates.Open(gate);
        await _stopClaiming.CancelAsync();
        await _claiming.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(_dispatcher.Running).WaitAsync(TimeSpan.FromSeconds(30));
        _workerParts.Completions.Complete();
        await _completing.WaitAsync(TimeSpan.FromSeconds(30));
        await _parts.DisposeAsync();
        _stopClaiming.Dispose();
        _abortJobs.Dispose();
    }

    [Fact]
    public async Task Claims_only_for_idle_workers_before_any_job_has_finished()
    {
        var gate = Gate();
        for (var i = 0; i < 6; i++)
            await _parts.EnqueueAsync(gate);

        Start();
        await Eventually.TrueAsync(() => Task.FromResult(Gates.Arrived(gate) == 2), "both workers to start a job");

        // No duration is known yet: nothing is claimed ahead of the two busy workers.
        Assert.Equal(2, _dispatcher.Outstanding);
        Assert.Equal(2, await _parts.CountAsync("running"));
        Assert.Equal(4, await _parts.CountAsync("pending"));

        Gates.Open(gate);
        await Eventually.TrueAsync(async () => await _parts.ScalarAsync<long>("select count(*) from bunbase_jobs") == 0, "every job to run and be deleted");
    }

    [Fact]
    public async Task Claims_short_jobs_ahead_of_busy_workers()
    {
        await _parts.EnqueueAsync();
        await _parts.EnqueueAsync();
        Start();
        await Eventually.TrueAsync(async () => _dispatcher.Outstanding == 0 && await _parts.ScalarAsync<long>("select count(*) from bunbase_jobs") == 0, "the two short jobs to finish");

        // They took no time on the clock: many start within the prefetch wait, so the next batch is claimed whole.
        var gate = Gate();
        for (var i = 0; i < 8; i++)
            await _parts.EnqueueAsync(gate);
        _parts.Signals.Wake("default");

        await Eventually.TrueAsync(async () => Gates.Arrived(gate) == 2 && await _parts.CountAsync("running") == 8, "all 8 jobs to be claimed while 2 run");
        Assert.Equal(8, _dispatcher.Outstanding);
        Assert.Equal(0, await _parts.CountAsync("pending"));
    }

    [Fact]
    public async Task Waits_for_a_delayed_job_on_its_clock()
    {
        await _parts.Store.EnqueueAsync(
            new NewJob(Guid.CreateVersion7(), "default", "gated", "{}", 0, _parts.Clock.GetUtcNow().AddMinutes(1), 0, 3, null, null, 60_000),
            null,
            CancellationToken.None);

        Start();

        // Not due on the clock: the dispatcher sleeps until it is (the poll interval is a minute).
        await Eventually.TrueAsync(
            async () =>
            {
                _parts.Clock.Advance(TimeSpan.FromSeconds(30));
                return await _parts.ScalarAsync<long>("select count(*) from bunbase_jobs") == 0;
            },
            "the delayed job to run once the clock reaches it");
    }

    private string Gate()
    {
        var gate = Guid.NewGuid().ToString("N");
        _gates.Add(gate);
        return gate;
    }

    private void Start()
    {
        _completing = _workerParts.Completions.RunAsync(_abortJobs.Token);
        _claiming = _dispatcher.RunAsync(_stopClaiming.Token, _abortJobs.Token);
    }
}
