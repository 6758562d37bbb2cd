using System.Threading.Channels;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Records failed attempts (retry after a backoff, or dead). A failure that cannot be written at once
/// (the database is down) is retried here until it is: the job stays leased meanwhile, so it neither
/// runs again elsewhere before its backoff nor loses the attempt it used. A write the database refuses
/// (rather than cannot take) is given up after <see cref="MaxRefusals"/> tries: the job is then let go,
/// and runs again once its lease expires.
/// </summary>
internal sealed partial class JobFailures(IJobStore store, string owner, InFlightJobs inFlight, TimeProvider clock, ILogger logger)
{
    /// <summary>How many times a write the database answered with an error is tried.</summary>
    public const int MaxRefusals = 3;

    private readonly Channel<FailedAttempt> _pending = Channel.CreateUnbounded<FailedAttempt>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Writes the failure, or leaves it to <see cref="RunAsync"/> to retry when the store cannot take it now.</summary>
    public async Task RecordAsync(FailedAttempt failure)
    {
        inFlight.Finished(failure.Id, JobHold.Failed);
        try
        {
            await store.FailAsync(failure.Id, owner, failure.Error, failure.RetryAfter, CancellationToken.None).ConfigureAwait(false);
            inFlight.Remove(failure.Id);
        }
        catch (Exception ex)
        {
            LogDeferred(logger, failure.Id, ex.GetType().Name, ex.Message);
            _pending.Writer.TryWrite(failure);
        }
    }

    /// <summary>Retries deferred failures until <see cref="Complete"/> is called and all are written (or <paramref name="abort"/> fires).</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        while (await _pending.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
        {
            var failure = await _pending.Reader.ReadAsync(abort).ConfigureAwait(false);
            for (int tries = 1, refusals = 0; ; tries++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * (1 << Math.Min(tries, 6)))), clock, abort).ConfigureAwait(false);
                try
                {
                    await store.FailAsync(failure.Id, owner, failure.Error, failure.RetryAfter, abort).ConfigureAwait(false);
                    inFlight.Remove(failure.Id);
                    LogRecorded(logger, failure.Id, tries);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (DatabaseErrors.IsOutage(ex))
                        continue;
                    if (++refusals < MaxRefusals)
                        continue;
                    inFlight.Remove(failure.Id);
                    LogGaveUp(logger, failure.Id, ex);
                    break;
                }
            }
        }
    }

    public void Complete() => _pending.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failure of job {JobId} ({ErrorType}: {Error}); retrying (it stays leased meanwhile)")]
    private static partial void LogDeferred(ILogger logger, Guid jobId, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded the failure of job {JobId} after {Tries} retries")]
    private static partial void LogRecorded(ILogger logger, Guid jobId, int tries);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refuses the failure of job {JobId}; it runs again when its lease expires")]
    private static partial void LogGaveUp(ILogger logger, Guid jobId, Exception exception);
}
