using System.Diagnostics;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Testing;

/// <summary>The app's job queue in a test: enqueue a job, and run what is due (jobs and events) until nothing is left.</summary>
public sealed class TestJobs
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private readonly Func<IReadOnlyList<IBackgroundBacklog>> _backlogs;
    private readonly Func<IJobEnqueuer> _enqueuer;
    private readonly Func<ActionCatalog> _catalog;

    internal TestJobs(Func<IReadOnlyList<IBackgroundBacklog>> backlogs, Func<IJobEnqueuer> enqueuer, Func<ActionCatalog> catalog)
    {
        _backlogs = backlogs;
        _enqueuer = enqueuer;
        _catalog = catalog;
    }

    /// <summary>
    /// Runs every job that is due on the app's clock (<see cref="BunbaseTestApp.Clock"/>) now and every event
    /// committed so far, and what those enqueue or publish in turn, until no job is due or running and every
    /// subscription has handled (or dead-lettered) every event, none in flight. A job delayed past the clock
    /// waits: advance the clock, then call this again. A failed job is retried after its backoff (on the clock)
    /// and is then due again; a failing subscriber is retried after its backoff too, then dead-lettered.
    /// </summary>
    /// <param name="timeout">How long to wait for the app to become idle; the default is 30 seconds.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">Work was still pending after <paramref name="timeout"/>; the message says which.</exception>
    public async Task RunUntilIdleAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var started = Stopwatch.GetTimestamp();
        var idleRounds = 0;
        while (true)
        {
            long pending = 0;
            foreach (var backlog in _backlogs())
                pending += await backlog.PendingAsync(cancellationToken).ConfigureAwait(false);

            // Two idle rounds in a row: a subscriber checked after the jobs may have enqueued one just before it finished.
            idleRounds = pending == 0 ? idleRounds + 1 : 0;
            if (idleRounds == 2)
                return;
            if (pending > 0 && Stopwatch.GetElapsedTime(started) > limit)
            {
                var what = string.Join("; ", _backlogs().Select(b => b.Describe()).OfType<string>());
                throw new TimeoutException($"Still pending after {limit.TotalSeconds:0.#} s: {what}.");
            }

            if (idleRounds == 0)
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Enqueues a job as <c>ctx.Queue.EnqueueAsync</c> does (validated now); it runs on the next <see cref="RunUntilIdleAsync"/>.</summary>
    /// <param name="input">The job's input; its type names the action.</param>
    /// <param name="options">Delay, priority, queue, attempts and idempotency key.</param>
    /// <param name="cancellationToken">Cancels the enqueue.</param>
    /// <returns>The job's id.</returns>
    public Task<Guid> EnqueueAsync(IActionInput input, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_catalog().ByInputType.TryGetValue(input.GetType(), out var action))
            throw new InvalidOperationException($"No action of this app takes {input.GetType().FullName}.");
        return _enqueuer().EnqueueAsync(action, input, options, null, cancellationToken);
    }
}
