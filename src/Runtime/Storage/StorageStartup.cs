using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Storage;

/// <summary>Makes the storage backend before the server takes requests (the local one creates its folders and clears leftovers of a crash).</summary>
internal sealed class StorageStartup(IStorageBackend backend) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = backend;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
