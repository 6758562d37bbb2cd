namespace Bunbase;

/// <summary>
/// <c>ctx.Queue</c>: runs actions later, durably, on any instance. A job is the action's input; it
/// runs through the same pipeline as an HTTP request (validation, run log, metrics, traces), at
/// least once and exactly once when it completes normally.
/// </summary>
public interface IJobQueue
{
    /// <summary>
    /// Enqueues the action that takes <paramref name="input"/> (see <see cref="IActionInput{TOutput}"/>).
    /// Inside <c>ctx.Db.TransactionAsync(...)</c> the job is written in that transaction: it exists if
    /// and only if the transaction commits.
    /// </summary>
    /// <example><code>await context.Queue.EnqueueAsync(new WelcomeUser.Input(account.Id));</code></example>
    /// <param name="input">The input; validated now, like a request's.</param>
    /// <param name="options">Delay or time, priority, queue, attempts, idempotency key.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The job's id; with an <see cref="JobOptions.IdempotencyKey"/> already used, the id of the job that key made.</returns>
    /// <exception cref="InvalidJobInputException">The input fails the action's validation.</exception>
    Task<Guid> EnqueueAsync(IActionInput input, JobOptions? options = null, CancellationToken cancellationToken = default);
}
