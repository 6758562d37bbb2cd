using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// An invocation started by an event (trigger <c>event</c>): its delivery attempt, <c>ctx.Event</c>, and
/// a service scope of its own. It has no caller: it is trusted, without authentication or rate limits
/// (guards that need a session do not apply). Its trace is the publisher's.
/// </summary>
internal sealed class EventInvocation(EventInfo info, ActionDescriptor action, ActionContextServices context, CancellationToken cancellation)
    : Invocation(action, EventTrigger.Event, context, cancellation), IAsyncDisposable
{
    private AsyncServiceScope? _scope;

    public override EventInfo Event { get; } = info;

    public override int Attempt => Event.Attempt;

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Handlers run on the background pool, like jobs: a long one never delays a request's statements.</summary>
    protected override ISqlDatabase CreateDatabaseSession() => Context.Database.CreateJobSession(Cancellation);

    protected override IServiceProvider ResolveServices()
    {
        _scope ??= RootServices().CreateAsyncScope();
        return _scope.Value.ServiceProvider;
    }

    private IServiceProvider RootServices() => base.ResolveServices();
}
