using System.Collections.Concurrent;
using System.Diagnostics;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Works one queue in this process: claims as many due jobs as it has free workers (up to
/// <c>queue.batchSize</c>) in one statement, runs each, and when the queue is empty waits for a
/// wake-up (a notification, an enqueue here), the next delayed job, or the poll interval.
/// </summary>
internal sealed partial class QueueDispatcher(
    string queue,
    int workers,
    QueueOptions options,
    JobWorkerParts parts,
    ILogger logger)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly SemaphoreSlim _slots = new(workers, workers);

    public string Queue => queue;

    /// <summary>The jobs still running (for shutdown).</summary>
    public Task[] Running => [.. _running.Keys];

    public async Task RunAsync(CancellationToken stopClaiming, CancellationToken abortJobs)
    {
        var poll = TimeSpan.FromMilliseconds(options.PollIntervalMs);
        var lease = TimeSpan.FromMilliseconds(options.LeaseMs);
        var failures = 0;
        while (!stopClaiming.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stopClaiming).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var wanted = 1;
            while (wanted < options.BatchSize && _slots.Wait(0))
                wanted++;

            IReadOnlyList<ClaimedJob> jobs;
            try
            {
                jobs = await parts.Store.ClaimAsync(queue, parts.Runner.Actions, wanted, parts.Owner, lease, stopClaiming).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex)
            {
                _slots.Release(wanted);
                if (stopClaiming.IsCancellationRequested)
                    return;
                if (failures++ == 0)
                    LogClaimFailed(logger, queue, ex);
                await WaitAsync(poll, stopClaiming).ConfigureAwait(false);
                continue;
            }

            if (jobs.Count < wanted)
                _slots.Release(wanted - jobs.Count);
            foreach (var job in jobs)
            {
                parts.InFlight.Add(job.Id);
                var run = RunOneAsync(job, abortJobs);
                _running.TryAdd(run, 0);
                _ = run.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            if (jobs.Count == 0)
                await WaitAsync(await NextWaitAsync(poll, stopClaiming).ConfigureAwait(false), stopClaiming).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(ClaimedJob job, CancellationToken abortJobs)
    {
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
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
            RuntimeInstruments.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, labels);
            _slots.Release();
        }
    }

    private async Task FailAsync(ClaimedJob job, Exception exception, TagList labels)
    {
        var action = parts.Runner.Catalog.ByName[job.Action];
        var retry = RetryPolicy.IsRetryable(exception) && job.Attempt < job.MaxAttempts;
        var delay = retry ? parts.Retries.Delay(action.Job, job.Attempt) : (TimeSpan?)null;
        var error = Describe(exception, job, retry);
        try
        {
            await parts.Store.FailAsync(job.Id, parts.Owner, error, delay, CancellationToken.None).ConfigureAwait(false);
            parts.InFlight.Remove(job.Id);
        }
        catch (Exception ex)
        {
            // The lease will expire and the job will be tried again: at least once holds.
            LogFailNotRecorded(logger, job.Id, ex);
        }

        if (retry)
        {
            RuntimeInstruments.JobsFailed.Add(1, labels);
            LogRetry(logger, job.Action, job.Id, job.Attempt, job.MaxAttempts, delay!.Value.TotalMilliseconds, exception);
        }
        else
        {
            RuntimeInstruments.JobsDead.Add(1, labels);
            LogDead(logger, job.Action, job.Id, job.Attempt, exception);
        }
    }

    /// <summary>The error kept with the job: its type and message (a stack trace stays in the logs).</summary>
    private static string Describe(Exception exception, ClaimedJob job, bool retry)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        if (!retry)
            text = (RetryPolicy.IsRetryable(exception) ? $"out of attempts ({job.Attempt} of {job.MaxAttempts}): " : "not retryable: ") + text;
        return text.Length <= 4000 ? text : text[..4000];
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

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await parts.Signals.WaitAsync(queue, wait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim jobs of queue {Queue}; retrying every poll interval")]
    private static partial void LogClaimFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Action} {JobId} failed (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string action, Guid jobId, int attempt, int maxAttempts, double delayMs, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Action} {JobId} is dead after attempt {Attempt}")]
    private static partial void LogDead(ILogger logger, string action, Guid jobId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of job {JobId}; it runs again when its lease expires")]
    private static partial void LogFailNotRecorded(ILogger logger, Guid jobId, Exception exception);
}
