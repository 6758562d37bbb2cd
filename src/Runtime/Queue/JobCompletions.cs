using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Deletes completed jobs in batches: one statement for every job that finished since the last
/// one. Until its batch is written, a completed job stays leased (and its lease is kept alive), so
/// a crash in between runs it again rather than losing it.
/// </summary>
internal sealed partial class JobCompletions(IJobStore store, string owner, InFlightJobs inFlight, TimeProvider clock, ILogger logger)
{
    private const int MaxBatch = 512;
    private readonly Channel<Guid> _completed = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(Guid id)
    {
        inFlight.Finished(id, JobHold.Completed);
        _completed.Writer.TryWrite(id);
    }

    /// <summary>Writes batches until <see cref="Complete"/> is called and everything is written (or <paramref name="abort"/> fires).</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<Guid>(MaxBatch);
        var failures = 0;
        // A batch that could not be written is tried again without waiting for the next completion.
        while (batch.Count > 0 || await _completed.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _completed.Reader.TryRead(out var id))
                batch.Add(id);
            try
            {
                await store.CompleteAsync(batch, owner, abort).ConfigureAwait(false);
                foreach (var id in batch)
                    inFlight.Remove(id);
                batch.Clear();
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep the batch (still leased) and try again: the store may be back in a moment.
                if (failures++ == 0)
                    LogFailed(logger, batch.Count, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * (1 << Math.Min(failures, 6)))), clock, abort).ConfigureAwait(false);
            }
        }
    }

    public void Complete() => _completed.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} completed jobs; retrying (they stay leased meanwhile)")]
    private static partial void LogFailed(ILogger logger, int count, Exception exception);
}
