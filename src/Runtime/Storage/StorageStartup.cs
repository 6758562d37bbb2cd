using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Makes the storage backend before the server takes requests (the local one creates its folders and clears leftovers
/// of a crash). Made here rather than when the hosted services are, so the checks registered before it (the
/// database's folder, the database) speak first, and a folder it cannot create is one line, not a crash. The local
/// backend's sweep of unreferenced blobs then runs in the background (it reads every pointer).
/// </summary>
internal sealed class StorageStartup(IServiceProvider services, ILogger<StorageStartup> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _sweep = Task.CompletedTask;

    /// <summary>The start-up sweep of the local backend (done at once for another backend).</summary>
    public Task Sweep => _sweep;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IStorageBackend backend;
        try
        {
            backend = services.GetRequiredService<IStorageBackend>();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"the local storage folder is not writable ({ex.Message}); fix its permissions, set storage.localPath, or use storage.backend s3");
        }

        if (backend is LocalStorageBackend local)
            _sweep = Task.Run(() => SweepAsync(local), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _sweep.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SweepAsync(LocalStorageBackend local)
    {
        try
        {
            var swept = await local.SweepOrphanBlobsAsync(_stopping.Token).ConfigureAwait(false);
            if (swept > 0)
                logger.LogInformation("Storage: deleted {Count} unreferenced blob files left by an interrupted write", swept);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Storage: the sweep of unreferenced blob files stopped");
        }
    }
}
