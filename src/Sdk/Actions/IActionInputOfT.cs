namespace Bunbase;

/// <summary>
/// An action's input that names its action and that action's output, so that other actions can call
/// it with <see cref="ActionContext.CallAsync{TOutput}"/> (the output type is inferred) and enqueue it
/// with <see cref="IJobQueue.EnqueueAsync"/>. Inputs of actions that are never called or enqueued
/// need not implement it.
/// </summary>
/// <example><code>
/// public sealed class GetTask : ActionHandler&lt;GetTask.Input, TaskItem&gt;
/// {
///     public sealed record Input(Guid Id) : IActionInput&lt;TaskItem&gt;;
///     ...
/// }
///
/// var task = await context.CallAsync(new GetTask.Input(id));
/// </code></example>
/// <typeparam name="TOutput">The output of the action that takes this input.</typeparam>
#pragma warning disable CA1040 // A marker: the type parameter is the point.
public interface IActionInput<TOutput> : IActionInput;
#pragma warning restore CA1040
