using System.Diagnostics;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// This process's workers: one dispatcher per queue, a heartbeat that extends the leases of the
/// jobs it holds, batched completions, and the reaper that frees the jobs of dead workers. On
/// shutdown it stops claiming at once, lets running jobs finish within
/// <c>queue.shutdownTimeoutMs</c>, records the completions, and releases the rest for another instance.
/// </summary>
internal sealed partial class JobWorkers : IHostedLifecycleService, IAsyncDisposable
{
    private readonly BunbaseOptions _options;
    private readonly JobQueueService _queue;
    private readonly JobWorkerParts _parts;
    private readonly ILogger<JobWorkers> _logger;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _clock;
    private readonly ShutdownClock _shutdown;
    private readonly QueueHistory _history;
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly List<QueueDispatcher> _dispatchers = [];
    private readonly List<Task> _claiming = [];
    private readonly List<Task> _loops = [];
    private Task _completions = Task.CompletedTask;
    private Task _failures = Task.CompletedTask;

    public JobWorkers(BunbaseOptions options, JobQueueService queue, JobRunner runner, QueueSignals signals, DatabaseOutages outages, TimeProvider clock, ILoggerFactory loggers, QueueHistory history)
    {
        _history = history;
        _clock = clock;
        _shutdown = new ShutdownClock(clock);
        _options = options;
        _queue = queue;
        _loggers = loggers;
        _logger = loggers.CreateLogger<JobWorkers>();
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        var inFlight = new InFlightJobs();
        var completions = new JobCompletions(queue.Store, owner, inFlight, clock, loggers.CreateLogger<JobCompletions>());
        var failures = new JobFailures(queue.Store, owner, inFlight, clock, loggers.CreateLogger<JobFailures>());
        _parts = new JobWorkerParts(queue.Store, runner, new RetryPolicy(options.Queue, Random.Shared.NextDouble), signals, inFlight, completions, failures, outages, owner);
    }

    /// <summary>This process's name on the leases it takes.</summary>
    public string Owner => _parts.Owner;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var workers = _options.Queue.Workers ?? 2 * Environment.ProcessorCount;
        _completions = _parts.Completions.RunAsync(_abortJobs.Token);
        _failures = _parts.Failures.RunAsync(_abortJobs.Token);
        foreach (var queue in _queue.Queues)
        {
            var dispatcher = new QueueDispatcher(queue, workers, _options.Queue, _parts, _clock, _loggers.CreateLogger<QueueDispatcher>());
            _dispatchers.Add(dispatcher);
            _claiming.Add(dispatcher.RunAsync(_stopClaiming.Token, _abortJobs.Token));
        }

        _loops.Add(KeepLeasesAsync(_stopBackground.Token));
        _loops.Add(MeasureDepthAsync(_stopClaiming.Token));
        _loops.Add(ReapAsync(_stopClaiming.Token));
        LogStarted(_logger, _queue.Queues.Count, workers, _options.Database.Url is null ? "SQLite (this process only)" : "PostgreSQL");
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shutdown, first phase (as soon as shutdown begins, with the HTTP drain): no new claim from here on.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _shutdown.Begin();
        return _stopClaiming.CancelAsync();
    }

    /// <summary>Shutdown, second phase (while the web server finishes its requests): the jobs in flight finish within queue.shutdownTimeoutMs, or are handed back.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopClaiming.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_claiming.Select(SwallowCancellation)).ConfigureAwait(false); // no claim is in flight past this point
        var running = _dispatchers.SelectMany(d => d.Running).ToArray();
        var grace = Task.Delay(_shutdown.Left(_options.Queue.ShutdownTimeoutMs), _clock, cancellationToken);
        if (await Task.WhenAny(Task.WhenAll(running), grace).ConfigureAwait(false) == grace)
        {
            // Out of time: ask the rest to stop, give them a moment, then hand their jobs back.
            await _abortJobs.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(1), _clock, CancellationToken.None)).ConfigureAwait(false);
        }

        _parts.Completions.Complete();
        _parts.Failures.Complete();
        await Task.WhenAny(Task.WhenAll(_completions, _failures), Task.Delay(TimeSpan.FromSeconds(5), _clock, CancellationToken.None)).ConfigureAwait(false);

        // A failure still unwritten keeps its lease: released, its attempt would not count.
        var unfinished = _parts.InFlight.Releasable();
        if (unfinished.Length > 0)
        {
            try
            {
                await _parts.Store.ReleaseAsync(unfinished, _parts.Owner, CancellationToken.None).ConfigureAwait(false);
                LogReleased(_logger, unfinished.Length);
            }
            catch (Exception ex)
            {
                LogReleaseFailed(_logger, unfinished.Length, ex);
            }
        }

        await _stopBackground.CancelAsync().ConfigureAwait(false);
        await _abortJobs.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops.Select(SwallowCancellation)).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _stopClaiming.Dispose();
        _abortJobs.Dispose();
        _stopBackground.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Every third of a lease, extends the leases of every job this process holds (running, or finished and not yet written), in one statement.</summary>
    private async Task KeepLeasesAsync(CancellationToken stop)
    {
        var lease = TimeSpan.FromMilliseconds(_options.Queue.LeaseMs);
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(lease / 3, _clock, stop).ConfigureAwait(false);
            var held = _parts.InFlight.Snapshot();
            if (held.Length == 0)
                continue;
            try
            {
                var kept = await _parts.Store.ExtendLeasesAsync(held, _parts.Owner, lease, stop).ConfigureAwait(false);

                // A job whose completion or failure was written meanwhile is gone from the lease table
                // by our own hand: only a job still running here and not kept was lost.
                if (kept.Count < held.Length)
                {
                    var keptIds = kept.ToHashSet();
                    var lost = held.Count(id => !keptIds.Contains(id) && _parts.InFlight.IsRunning(id));
                    if (lost > 0)
                        LogLeasesLost(_logger, lost);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeartbeatFailed(_logger, held.Length, ex);
            }
        }
    }

    /// <summary>Jobs the reaper buried count as dead like those a worker gave up on.</summary>
    private static void CountDead(IReadOnlyList<ReapedJob> jobs)
    {
        foreach (var job in jobs)
        {
            if (job.Dead)
                RuntimeInstruments.JobsDead.Add(1, new TagList { { "queue", job.Queue }, { "action", job.Action } });
        }
    }

    /// <summary>Frees the jobs of workers that died (expired leases) every half lease; buries jobs no instance can run, and cleans up, every minute.</summary>
    private async Task ReapAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(100, _options.Queue.LeaseMs / 2));
        var housekeepingEvery = Math.Max(1, (int)(TimeSpan.FromMinutes(1) / interval));
        var known = _parts.Runner.Actions;
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            await Task.Delay(interval, _clock, stop).ConfigureAwait(false);
            try
            {
                var reaped = await _parts.Store.ReapExpiredLeasesAsync(stop).ConfigureAwait(false);
                CountDead(reaped);
                if (reaped.Any(job => !job.Dead))
                    _parts.Signals.WakeAll();
                if (round % housekeepingEvery == 0)
                {
                    var buried = await _parts.Store.BuryUnknownActionsAsync(known, TimeSpan.FromMilliseconds(_options.Queue.UnknownActionGraceMs), stop).ConfigureAwait(false);
                    CountDead(buried);
                    if (buried.Count > 0)
                        LogBuried(_logger, buried.Count);
                    await _parts.Store.HousekeepAsync(TimeSpan.FromDays(_options.Queue.DeadRetentionDays), stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReapFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// Reads the queue's depth every few seconds for <c>bunbase_queue_depth</c> (a scrape cannot wait on
    /// the database). Every instance reports the same shared queue: aggregate with max, not sum.
    /// </summary>
    private async Task MeasureDepthAsync(CancellationToken stop)
    {
        IReadOnlyList<QueueDepth> latest = [];
        using var registration = RuntimeInstruments.ObserveQueueDepth(() => latest.Select(d =>
            new System.Diagnostics.Metrics.Measurement<long>(d.Pending, new("queue", d.Queue), new("priority", d.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var depths = await _parts.Store.DepthAsync(stop).ConfigureAwait(false);
                // Queues that emptied report 0 rather than keeping their last value.
                latest = [.. depths, .. latest.Where(old => !depths.Any(d => d.Queue == old.Queue && d.Priority == old.Priority)).Select(old => old with { Pending = 0 })];
                _history.Add(new QueueSample(_clock.GetUtcNow(), depths, _parts.InFlight.Count));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; the gauge keeps the last reading meanwhile.
            }

            await Task.Delay(TimeSpan.FromSeconds(5), _clock, stop).ConfigureAwait(false);
        }
    }

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue: {Queues} queue(s), {Workers} worker(s) each, jobs in {Store}")]
    private static partial void LogStarted(ILogger logger, int queues, int workers, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown: released {Count} unfinished job(s) for another instance")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown: could not release {Count} unfinished job(s); they run again when their leases expire")]
    private static partial void LogReleaseFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job lease(s) were lost (this process stalled longer than queue.leaseMs): those jobs may run again elsewhere")]
    private static partial void LogLeasesLost(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the leases of {Count} running job(s)")]
    private static partial void LogHeartbeatFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} job(s) for actions no instance runs are now dead")]
    private static partial void LogBuried(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue housekeeping failed; trying again shortly")]
    private static partial void LogReapFailed(ILogger logger, Exception exception);
}
