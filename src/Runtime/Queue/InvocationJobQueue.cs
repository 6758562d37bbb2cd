using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Queue;

/// <summary><c>ctx.Queue</c> of one invocation: enqueues inside its open transaction, if any, with its trace context.</summary>
internal sealed class InvocationJobQueue(Invocation invocation, ActionExecutor executor) : IJobQueue
{
    public Task<Guid> Enqueue<TAction, TInput>(TInput input, JobOptions? options = null, CancellationToken cancellationToken = default)
        where TAction : IActionHandler<TInput>
        where TInput : notnull
    {
        var action = executor.Find(typeof(TAction));
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return executor.Jobs.EnqueueAsync(action, input, options, invocation.CurrentTransaction, token);
    }
}
