using System.Diagnostics;
using Bunbase.Runtime.ActionLog;

namespace Bunbase.Testing;

/// <summary>The app's action-run log, read after what was recorded so far has been written.</summary>
public sealed class TestRuns
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly Func<ActionRunLog> _log;
    private readonly Func<IActionRunStore> _store;
    private readonly InFlightRequests _requests;

    internal TestRuns(Func<ActionRunLog> log, Func<IActionRunStore> store, InFlightRequests requests)
    {
        _log = log;
        _store = store;
        _requests = requests;
    }

    /// <summary>
    /// The runs recorded so far, newest first: those of requests that have answered (their handlers have
    /// returned) and of jobs that have finished (call <see cref="TestJobs.RunUntilIdleAsync"/> first).
    /// </summary>
    /// <param name="action">Only this action's runs; null for all.</param>
    /// <param name="status">Only runs with this status (<c>ok</c>, <c>rejected</c>, <c>failed</c>, <c>cancelled</c>); null for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the wait and the query.</param>
    /// <exception cref="InvalidOperationException">The run log is disabled (<c>persistence.enabled</c> is false).</exception>
    public async Task<IReadOnlyList<TestRun>> ListAsync(string? action = null, string? status = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        var log = _log();
        if (!log.Enabled)
            throw new InvalidOperationException("The action-run log is disabled (persistence.enabled is false).");
        await FlushAsync(log, cancellationToken).ConfigureAwait(false);
        var rows = await _store().ListAsync(new RunFilter(action, status, null, limit), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(RunView.Of).Select(r => new TestRun(
            r.Id, r.Action, r.Trigger, r.Status, r.HttpStatus, r.UserId, r.Attempt, r.StartedAt, r.TraceId, r.ErrorType, r.ErrorMessage, r.Input, r.Output, r.Published))];
    }

    private async Task FlushAsync(ActionRunLog log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (_requests.Count > 0 && Stopwatch.GetElapsedTime(started) < Limit)
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        var target = log.Added;
        while (log.Settled < target)
        {
            if (Stopwatch.GetElapsedTime(started) > Limit)
                throw new TimeoutException($"The run log did not write its records within {Limit.TotalSeconds:0} s (is the database answering?).");
            log.RequestFlush();
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
