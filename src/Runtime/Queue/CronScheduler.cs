using Bunbase.Runtime.Discovery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Fires <c>[Cron]</c> actions. Every instance watches the schedule; at each tick they all try to
/// write the tick's row, and the one that succeeds enqueues the job in the same transaction, so a
/// tick runs exactly once however many instances there are (and as a job: retried, logged,
/// traced). At start, with <see cref="CronCatchUp.Latest"/>, the latest tick of the past day that
/// no instance recorded (everything was down) is run once; earlier missed ticks are skipped.
/// </summary>
internal sealed partial class CronScheduler(ActionCatalog catalog, JobQueueService queue, QueueSignals signals, TimeProvider clock, ILogger<CronScheduler> logger) : BackgroundService, IHostedLifecycleService
{
    /// <summary>The tick it waits for next (UTC ticks): 0 until its first wait, <see cref="long.MaxValue"/> when none will come.</summary>
    private long _waitingFor;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Whether every tick due at <paramref name="now"/> has been fired (their jobs enqueued): the scheduler waits
    /// for a later one. A test that moves the clock waits for this before it waits for the queue to be idle.
    /// </summary>
    public bool HasFiredUpTo(DateTimeOffset now)
    {
        var waitingFor = Volatile.Read(ref _waitingFor);
        return waitingFor != 0 && waitingFor > now.UtcTicks;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shutdown, first phase: no tick is fired once shutdown begins (its job would only be handed back).</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scheduled = catalog.Actions.Where(a => a.Job.Cron is not null).ToList();
        if (scheduled.Count == 0)
        {
            Volatile.Write(ref _waitingFor, long.MaxValue);
            return;
        }

        var start = clock.GetUtcNow();
        var after = new Dictionary<ActionDescriptor, DateTimeOffset>();
        foreach (var action in scheduled)
        {
            var cron = action.Job.Cron!;
            if (cron.CatchUp == CronCatchUp.Latest && cron.Latest(start - CronSchedule.CatchUpWindow, start) is { } missed)
                await FireAsync(action, missed, stoppingToken).ConfigureAwait(false);
            after[action] = start;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? earliest = null;
            foreach (var action in scheduled)
            {
                if (action.Job.Cron!.Next(after[action]) is { } next && (earliest is null || next < earliest))
                    earliest = next;
            }

            if (earliest is null)
            {
                Volatile.Write(ref _waitingFor, long.MaxValue);
                return; // no tick left in any schedule
            }

            Volatile.Write(ref _waitingFor, earliest.Value.UtcTicks);
            var wait = earliest.Value - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = clock.GetUtcNow();
            foreach (var action in scheduled)
            {
                while (action.Job.Cron!.Next(after[action]) is { } tick && tick <= now)
                {
                    await FireAsync(action, tick, stoppingToken).ConfigureAwait(false);
                    after[action] = tick;
                }
            }
        }
    }

    private async Task FireAsync(ActionDescriptor action, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        try
        {
            var job = queue.CronJob(action, tick);
            if (await queue.Store.RecordCronTickAsync(action.Name, tick, job, cancellationToken).ConfigureAwait(false))
            {
                signals.Wake(job.Queue);
                LogFired(logger, action.Name, tick, job.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another instance may still record this tick; if none can (the database is down), it is missed.
            LogFireFailed(logger, action.Name, tick, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cron {Action} tick {Tick:o}: job {JobId}")]
    private static partial void LogFired(ILogger logger, string action, DateTimeOffset tick, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cron {Action} tick {Tick:o} could not be recorded")]
    private static partial void LogFireFailed(ILogger logger, string action, DateTimeOffset tick, Exception exception);
}
