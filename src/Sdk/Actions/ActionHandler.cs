namespace Bunbase;

/// <summary>
/// The base of every action: one typed input, one typed output, one handler.
/// </summary>
/// <remarks>
/// Named <c>ActionHandler</c> rather than <c>Action</c> so that it never collides with
/// <see cref="System.Action{T1, T2}"/> in files that import <c>System</c>.
/// Declare the action's name with <see cref="ActionAttribute"/> and its HTTP trigger with
/// <see cref="GetAttribute"/>, <see cref="PostAttribute"/> and friends. A new instance is created
/// for each invocation; constructor parameters are resolved from the application's services.
/// An input that implements <see cref="IActionInput{TOutput}"/> names its action, so that other
/// actions can call it (<see cref="ActionContext.CallAsync{TOutput}"/>) or enqueue it
/// (<see cref="IJobQueue.EnqueueAsync"/>). An action with nothing to answer uses <see cref="NoContent"/>
/// as its output.
/// </remarks>
/// <typeparam name="TInput">The input record, bound from the request and validated before <see cref="RunAsync"/>.</typeparam>
/// <typeparam name="TOutput">The output record, validated after <see cref="RunAsync"/> and written as the response body.</typeparam>
public abstract class ActionHandler<TInput, TOutput>
    where TInput : notnull
{
    /// <summary>Runs the action.</summary>
    /// <param name="input">The bound and validated input.</param>
    /// <param name="context">Logger, trace id, services and nested calls for this invocation.</param>
    /// <param name="cancellationToken">
    /// The invocation's one cancellation token: cancelled when the caller goes away or the host shuts
    /// down. Members of <paramref name="context"/> use it when they are given none.
    /// </param>
    /// <returns>The output; throw an <see cref="ActionException"/> to answer with an error status.</returns>
    public abstract Task<TOutput> RunAsync(TInput input, ActionContext context, CancellationToken cancellationToken);
}
