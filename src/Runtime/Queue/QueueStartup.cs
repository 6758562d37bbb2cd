using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Queue;

/// <summary>Creates the queue's tables at start, whether or not this instance works jobs (it may enqueue them).</summary>
internal sealed class QueueStartup(IJobStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
