using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Makes the storage backend before the server takes requests (the local one creates its folders and clears leftovers
/// of a crash). Made here rather than when the hosted services are, so the checks registered before it (the
/// database's folder, the database) speak first, and a folder it cannot create is one line, not a crash.
/// </summary>
internal sealed class StorageStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ = services.GetRequiredService<IStorageBackend>();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"the local storage folder is not writable ({ex.Message}); fix its permissions, set storage.localPath, or use storage.backend s3");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
