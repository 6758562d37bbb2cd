using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Gives committed events their global positions (PostgreSQL; every instance runs one, and an
/// advisory lock lets one pass run at a time in the cluster). A position drawn at insert would not
/// be commit order: a reader at position P could skip an event numbered below P whose transaction
/// commits after P was read. Numbering committed events only, one pass at a time, each stream's after
/// its previous version, makes positions follow visibility: once a reader sees P, every lower
/// position is already visible.
/// </summary>
/// <remarks>
/// It runs when a publish in this process commits and every <c>events.sequencerPollMs</c> (for
/// events of other instances, or programs that notify <c>bunbase_events_published</c>). A publish
/// does not notify other instances itself: NOTIFY in a transaction takes a cluster-wide lock at
/// commit, which would serialise every publishing commit. Instead, when another instance's pass
/// holds the lock, this one tries again shortly, so its own publishes are numbered within milliseconds.
/// </remarks>
internal sealed partial class EventSequencer(IEventStore store, EventSignals signals, BunbaseOptions options, TimeProvider clock, ILogger<EventSequencer> logger) : BackgroundService
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// The least time between the starts of two woken passes: under a stream of publishes a pass then
    /// numbers the events of this long at once instead of one each (a pass is one round trip, and a statement that
    /// takes the cluster-wide lock and updates the events' index entries).
    /// </summary>
    private static readonly TimeSpan MinPassInterval = TimeSpan.FromMilliseconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Events.SequencerPollMs);
        var failures = 0;
        var woken = true;
        var lastStart = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (woken && lastStart != long.MinValue && clock.GetElapsedTime(lastStart) is var since && since < MinPassInterval)
                    await Task.Delay(MinPassInterval - since, clock, stoppingToken).ConfigureAwait(false);
                lastStart = clock.GetTimestamp();
                await RunPassesAsync(woken, stoppingToken).ConfigureAwait(false);
                if (failures > 0)
                    LogRecovered(logger, failures);
                failures = 0;
                woken = await signals.WaitForSequencerWakeAsync(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (failures++ == 0)
                    LogFailed(logger, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * (1 << Math.Min(failures, 6)))), clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                woken = true;
            }
        }
    }

    /// <summary>
    /// Numbers every event committed so far now, pass after pass, and tells the readers (the testing kit's drain).
    /// False when another pass held the lock: ask again.
    /// </summary>
    public static async Task<bool> SequenceCommittedAsync(IEventStore store, EventSignals signals, int batchSize, CancellationToken cancellationToken)
    {
        if (store.SequencesAtInsert)
            return true;
        while (true)
        {
            var pass = await store.SequenceAsync(batchSize, cancellationToken).ConfigureAwait(false);
            if (pass.LockBusy)
                return false;
            if (pass.Highest is not { } highest)
                return true;
            signals.NotifySequenced(highest);
        }
    }

    /// <summary>Passes while they fill a batch; when woken and another instance holds the lock, tries again a few times.</summary>
    private async Task RunPassesAsync(bool woken, CancellationToken cancellationToken)
    {
        var busyRetries = woken ? 50 : 0;
        while (true)
        {
            var pass = await store.SequenceAsync(options.Events.SequencerBatchSize, cancellationToken).ConfigureAwait(false);
            if (pass.Highest is { } highest)
            {
                signals.NotifySequenced(highest);
                if (pass.Numbered >= options.Events.SequencerBatchSize)
                    continue;
                return; // what was published meanwhile has woken it again
            }

            if (!pass.LockBusy || busyRetries-- <= 0)
                return;
            await Task.Delay(BusyRetry, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event sequencing failed ({Reason}); retrying with backoff")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event sequencing recovered after {Attempts} attempt(s)")]
    private static partial void LogRecovered(ILogger logger, int attempts);
}
