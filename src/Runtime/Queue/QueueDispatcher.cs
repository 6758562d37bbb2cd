using System.Diagnostics;
using System.Threading.Channels;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Works one queue in this process: <c>queue.workers</c> loops run jobs, and the dispatcher keeps
/// them fed by claiming due jobs in one statement each time there is room, up to <c>queue.batchSize</c>.
/// When the queue is empty it waits for a wake-up (a notification, an enqueue here), the next
/// delayed job, or the poll interval.
/// </summary>
/// <remarks>How many jobs it claims ahead of idle workers is <see cref="ClaimAhead"/>'s to say. Time is <paramref name="clock"/>'s.</remarks>
internal sealed partial class QueueDispatcher(
    string queue,
    int workers,
    QueueOptions options,
    JobWorkerParts parts,
    TimeProvider clock,
    ILogger logger)
{
    private readonly Channel<ClaimedJob> _claimed = Channel.CreateUnbounded<ClaimedJob>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _finished = new(0);
    private readonly List<Task> _workers = [];
    private readonly ClaimAhead _claimAhead = new(workers, options.BatchSize, clock);
    private int _outstanding;

    public string Queue => queue;

    /// <summary>Jobs claimed here and not finished yet (running, or waiting for a worker).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>The worker loops (for shutdown: they end once claiming stops and their current job is done).</summary>
    public Task[] Running => [.. _workers];

    public async Task RunAsync(CancellationToken stopClaiming, CancellationToken abortJobs)
    {
        for (var i = 0; i < workers; i++)
            _workers.Add(WorkAsync(i, stopClaiming, abortJobs));
        try
        {
            await ClaimAsync(stopClaiming).ConfigureAwait(false);
        }
        finally
        {
            _claimed.Writer.TryComplete();
        }
    }

    private async Task ClaimAsync(CancellationToken stopClaiming)
    {
        var poll = TimeSpan.FromMilliseconds(options.PollIntervalMs);
        var lease = TimeSpan.FromMilliseconds(options.LeaseMs);
        var failures = 0;
        while (!stopClaiming.IsCancellationRequested)
        {
            var room = _claimAhead.Room(Volatile.Read(ref _outstanding));
            if (room <= 0)
            {
                if (!await WaitAsync(_finished, Timeout.InfiniteTimeSpan, stopClaiming).ConfigureAwait(false))
                    return;
                continue;
            }

            IReadOnlyList<ClaimedJob> jobs;
            try
            {
                jobs = await parts.Store.ClaimAsync(queue, parts.Runner.Actions, room, parts.Owner, lease, stopClaiming).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex)
            {
                if (stopClaiming.IsCancellationRequested)
                    return;
                if (failures++ == 0)
                    LogClaimFailed(logger, queue, ex);
                await SleepAsync(poll, stopClaiming).ConfigureAwait(false);
                continue;
            }

            foreach (var job in jobs)
            {
                parts.InFlight.Add(job.Id);
                Interlocked.Increment(ref _outstanding);
                _claimed.Writer.TryWrite(job);
            }

            if (jobs.Count == 0)
                await SleepAsync(await NextWaitAsync(poll, stopClaiming).ConfigureAwait(false), stopClaiming).ConfigureAwait(false);
        }
    }

    /// <summary>One worker: runs claimed jobs one after another; once claiming stops it starts no more (they are released).</summary>
    private async Task WorkAsync(int worker, CancellationToken stopClaiming, CancellationToken abortJobs)
    {
        await Task.Yield();
        while (await _claimed.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (!stopClaiming.IsCancellationRequested && _claimed.Reader.TryRead(out var job))
            {
                await RunOneAsync(worker, job, abortJobs).ConfigureAwait(false);
                Interlocked.Decrement(ref _outstanding);
                _finished.Release();
            }

            if (stopClaiming.IsCancellationRequested)
                return; // jobs still waiting here stay in InFlight: shutdown releases them unstarted
        }
    }

    private async Task RunOneAsync(int worker, ClaimedJob job, CancellationToken abortJobs)
    {
        var started = _claimAhead.Started(worker);
        var labels = new TagList { { "queue", queue }, { "action", job.Action } };
        RuntimeInstruments.JobsStarted.Add(1, labels);
        var due = job.RunAt > job.CreatedAt ? job.RunAt : job.CreatedAt;
        RuntimeInstruments.JobClaimLatency.Record(Math.Max(0, (job.ClaimedAt - due).TotalMilliseconds), new KeyValuePair<string, object?>("queue", queue));
        try
        {
            await parts.Runner.RunAsync(job, abortJobs).ConfigureAwait(false);
            parts.Completions.Add(job.Id);
            RuntimeInstruments.JobsSucceeded.Add(1, labels);
        }
        catch (OperationCanceledException) when (abortJobs.IsCancellationRequested)
        {
            // Shutdown ran out of time: the lease is released with the other interrupted jobs.
        }
        catch (Exception ex)
        {
            await FailAsync(job, ex, labels).ConfigureAwait(false);
        }
        finally
        {
            RuntimeInstruments.JobDuration.Record(_claimAhead.Finished(worker, started).TotalMilliseconds, labels);
        }
    }

    private async Task FailAsync(ClaimedJob job, Exception exception, TagList labels)
    {
        var retry = RetryPolicy.IsRetryable(exception) && job.Attempt < job.MaxAttempts;
        var delay = retry ? parts.Retries.Delay(parts.Runner.SettingsOf(job.Action), job.Attempt) : (TimeSpan?)null;
        await parts.Failures.RecordAsync(new FailedAttempt(job.Id, Describe(exception, job, retry), delay)).ConfigureAwait(false);

        // An outage fails every job at once: summarised, rather than a stack trace per attempt.
        var outage = DatabaseErrors.IsOutage(exception);
        if (outage)
            parts.Outages.Report(job.Action, exception);
        if (retry)
        {
            RuntimeInstruments.JobsFailed.Add(1, labels);
            if (!outage)
                LogRetry(logger, job.Action, job.Id, job.Attempt, job.MaxAttempts, delay!.Value.TotalMilliseconds, exception);
        }
        else
        {
            RuntimeInstruments.JobsDead.Add(1, labels);
            LogDead(logger, job.Action, job.Id, job.Attempt, exception);
        }
    }

    /// <summary>The error kept with the job: its type and message (a stack trace stays in the logs), without NUL characters.</summary>
    private static string Describe(Exception exception, ClaimedJob job, bool retry)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        if (!retry)
            text = (RetryPolicy.IsRetryable(exception) ? $"out of attempts ({job.Attempt} of {job.MaxAttempts}): " : "not retryable: ") + text;

        // A message quoting input could hold what PostgreSQL cannot store (NUL, half a character).
        return StorableText.From(text, 4000);
    }

    /// <summary>How long to wait for the next delayed job; the poll interval when there is none, or when the store cannot say (or shutdown began).</summary>
    private async Task<TimeSpan> NextWaitAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        try
        {
            var next = await parts.Store.NextDueInAsync(queue, parts.Runner.Actions, cancellationToken).ConfigureAwait(false);
            return next is { } due && due < poll ? due + TimeSpan.FromMilliseconds(1) : poll;
        }
#pragma warning disable CA1031 // Any failure here only means waiting the poll interval; the next claim reports real trouble.
        catch (Exception)
#pragma warning restore CA1031
        {
            return poll;
        }
    }

    /// <summary>Waits for a wake-up of this queue or the timeout (returns early, quietly, when shutdown begins).</summary>
    private async Task SleepAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await parts.Signals.WaitAsync(queue, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits for a signal; false when shutdown began.</summary>
    private static async Task<bool> WaitAsync(SemaphoreSlim signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim jobs of queue {Queue}; retrying every poll interval")]
    private static partial void LogClaimFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Action} {JobId} failed (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string action, Guid jobId, int attempt, int maxAttempts, double delayMs, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Action} {JobId} is dead after attempt {Attempt}")]
    private static partial void LogDead(ILogger logger, string action, Guid jobId, int attempt, Exception exception);
}
