using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// The SQL-backed key-value table: created at start, before the first request, and rid of expired
/// rows every few minutes (they read as missing already; this only reclaims space).
/// </summary>
internal sealed partial class KvMaintenance(Database database, TimeProvider clock, ILogger<KvMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SqlKeyValueStore.EnsureSchemaAsync(database, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
                while (await SqlKeyValueStore.RemoveExpiredAsync(database, clock.GetUtcNow(), stoppingToken).ConfigureAwait(false) > 0)
                {
                    // A batch at a time, so no statement holds its locks for long.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired key-value rows failed; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
