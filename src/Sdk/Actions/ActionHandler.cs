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
/// </remarks>
/// <typeparam name="TInput">The input record, bound from the request and validated before <see cref="Run"/>.</typeparam>
/// <typeparam name="TOutput">The output record, validated after <see cref="Run"/> and written as the response body.</typeparam>
public abstract class ActionHandler<TInput, TOutput> : IActionHandler<TInput>
    where TInput : notnull
{
    /// <summary>Runs the action.</summary>
    /// <param name="input">The bound and validated input.</param>
    /// <param name="context">Logger, trace id, services and nested calls for this invocation.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away or the host shuts down.</param>
    /// <returns>The output; throw an <see cref="ActionException"/> to answer with an error status.</returns>
    public abstract Task<TOutput> Run(TInput input, ActionContext context, CancellationToken cancellationToken);
}

/// <summary>Marker for every <see cref="ActionHandler{TInput, TOutput}"/>; not meant to be implemented directly.</summary>
public interface IActionHandler;

/// <summary>
/// Every action whose input is <typeparamref name="TInput"/>, whatever its output: lets
/// <c>ctx.Queue.Enqueue&lt;TAction, TInput&gt;</c> check the input's type at compile time. Not meant
/// to be implemented directly.
/// </summary>
/// <typeparam name="TInput">The action's input type.</typeparam>
#pragma warning disable CA1040 // A marker: the type parameter is the point.
public interface IActionHandler<in TInput> : IActionHandler;
#pragma warning restore CA1040
