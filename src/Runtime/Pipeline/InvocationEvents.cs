using Bunbase.Runtime.Events;

namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// <c>ctx.Events</c> of one invocation: publishes inside its open transaction, if any, correlated with
/// the event it handles (else its trace) and caused by that event.
/// </summary>
internal sealed class InvocationEvents(Invocation invocation, ActionContextServices context) : IEventPublisher
{
    public Task<PublishedEvent> PublishAsync(string stream, string type, object data, EventOptions? options = null, CancellationToken cancellationToken = default)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : invocation.Cancellation;
        return context.Events.PublishAsync(stream, type, data, options, invocation.CausingEvent, invocation.TraceId, invocation.CurrentTransaction, token);
    }

    public Task<PublishedEvent> PublishAsync<TData>(string stream, TData data, EventOptions? options = null, CancellationToken cancellationToken = default)
        where TData : notnull =>
        PublishAsync(stream, EventTypes.Of(typeof(TData)), data, options, cancellationToken);
}
