using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Events;

/// <summary>Creates the event store's tables at start, before the sequencer and subscriptions run.</summary>
internal sealed class EventsStartup(IEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
