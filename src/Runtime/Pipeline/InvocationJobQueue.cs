namespace Bunbase.Runtime.Pipeline;

/// <summary><c>ctx.Queue</c> of one invocation: enqueues inside its open transaction, if any, with its trace context.</summary>
internal sealed class InvocationJobQueue(Invocation invocation, ActionContextServices context) : IJobQueue
{
    public Task<Guid> Enqueue<TAction, TInput>(TInput input, JobOptions? options = null, CancellationToken cancellationToken = default)
        where TAction : IActionHandler<TInput>
        where TInput : notnull
    {
        var action = context.Find(typeof(TAction));
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return context.Jobs.EnqueueAsync(action, input, options, invocation.CurrentTransaction, token);
    }
}
