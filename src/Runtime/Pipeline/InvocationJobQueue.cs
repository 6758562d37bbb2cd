namespace Bunbase.Runtime.Pipeline;

/// <summary><c>ctx.Queue</c> of one invocation: enqueues inside its open transaction, if any, with its trace context.</summary>
internal sealed class InvocationJobQueue(Invocation invocation, ActionContextServices context) : IJobQueue
{
    public Task<Guid> EnqueueAsync(IActionInput input, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        var action = context.Find(input);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return context.Jobs.EnqueueAsync(action, input, options, invocation.CurrentTransaction, token);
    }
}
