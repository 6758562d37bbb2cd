using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// LISTENs on PostgreSQL for enqueued jobs so idle workers start them within milliseconds. It is
/// only a shortcut: workers poll anyway, and when the connection drops (a restart, a
/// <c>pg_terminate_backend</c>) it reconnects with backoff and wakes every queue, since
/// notifications sent meanwhile were lost.
/// </summary>
internal sealed partial class JobNotificationListener(BunbaseOptions options, QueueSignals signals, TimeProvider clock, ILogger<JobNotificationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(options.Database.Url!, "database.url").ConnectionString)
        {
            Multiplexing = false,
            Pooling = false,
            Timeout = PostgresDataSources.WholeSeconds(options.Database.ConnectTimeoutMs),
            // Waiting for notifications sends keepalives, so a connection that died silently is noticed.
            KeepAlive = 10,
            ApplicationName = options.Name + " queue listener",
        };
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = new NpgsqlConnection(settings.ConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                    connection.Notification += (_, e) =>
                    {
                        if (e.Payload.Length == 0)
                            signals.WakeAll();
                        else
                            signals.Wake(e.Payload);
                    };
                    await using (var listen = new NpgsqlCommand("listen " + JobStatements.Channel, connection))
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                        LogReconnected(logger, failures);
                    failures = 0;
                    signals.WakeAll();
                    while (!stoppingToken.IsCancellationRequested)
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (failures++ == 0)
                    LogLost(logger, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * (1 << Math.Min(failures, 7)))), clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job notifications lost ({Reason}); reconnecting, workers poll meanwhile")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job notifications back after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, int attempts);
}
