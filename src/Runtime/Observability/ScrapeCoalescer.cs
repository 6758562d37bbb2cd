namespace Bunbase.Runtime.Observability;

/// <summary>
/// Concurrent scrapes share collections instead of contending: a scrape that arrives while a
/// collection runs waits for the next one, which starts when the running one ends and serves every
/// scrape that arrived meanwhile. So a scrape is never served a snapshot older than itself, at most
/// one collection runs at a time, and N concurrent scrapes cost about two collections, not N.
/// </summary>
internal sealed class ScrapeCoalescer(Func<int, ExpositionSnapshot> collect)
{
    private readonly Lock _lock = new();
    private Round? _running;
    private Round? _waiting;

    /// <summary>A snapshot collected after this call began; the caller releases it once written.</summary>
    public ValueTask<ExpositionSnapshot> CollectAsync()
    {
        Round round;
        Round? previous = null;
        lock (_lock)
        {
            if (_running is null)
            {
                round = _running = new Round();
            }
            else if (_waiting is null)
            {
                round = _waiting = new Round();
                previous = _running;
            }
            else
            {
                _waiting.Readers++;
                return new ValueTask<ExpositionSnapshot>(_waiting.Result.Task);
            }
        }

        return previous is null ? ValueTask.FromResult(Run(round)) : RunAfterAsync(previous, round);
    }

    private async ValueTask<ExpositionSnapshot> RunAfterAsync(Round previous, Round round)
    {
        await previous.Done.Task.ConfigureAwait(false);
        return Run(round);
    }

    /// <summary>Collects for the round (which is now the running one: no reader can join it any more).</summary>
    private ExpositionSnapshot Run(Round round)
    {
        int readers;
        lock (_lock)
            readers = round.Readers;
        ExpositionSnapshot? snapshot = null;
        try
        {
            snapshot = collect(readers);
            round.Result.SetResult(snapshot);
            return snapshot;
        }
        catch (Exception ex)
        {
            round.Result.SetException(ex);
            throw;
        }
        finally
        {
            // Hand over: the waiting round (if any) becomes the running one before its leader starts.
            lock (_lock)
            {
                _running = _waiting;
                _waiting = null;
            }

            round.Done.SetResult();
        }
    }

    private sealed class Round
    {
        /// <summary>The scrapes served by this round's snapshot, its leader included.</summary>
        public int Readers { get; set; } = 1;

        public TaskCompletionSource<ExpositionSnapshot> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
