using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>Creates the subscriptions' tables at start, whether or not this instance handles events (the operators' endpoints read them).</summary>
internal sealed class SubscriptionStartup(SubscriptionStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
