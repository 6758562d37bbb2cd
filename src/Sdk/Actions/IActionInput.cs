namespace Bunbase;

/// <summary>
/// An action's input that names its action, so that it can be enqueued with
/// <see cref="IJobQueue.EnqueueAsync"/>. Implement <see cref="IActionInput{TOutput}"/>, not this.
/// </summary>
/// <remarks>
/// The runtime maps each input type to the one action that takes it. Start-up stops, naming the
/// types, when two actions take the same input type, when the output an input declares is not its
/// action's, or when no action takes a type that implements this interface.
/// </remarks>
#pragma warning disable CA1040 // A marker: the type is the point.
public interface IActionInput;
#pragma warning restore CA1040
