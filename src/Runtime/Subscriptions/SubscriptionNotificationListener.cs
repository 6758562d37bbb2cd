using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// LISTENs on PostgreSQL for dead letters put back by an operator (<c>bunbase_subscriptions</c>) so the
/// instance holding their partition retries them at once (new events arrive through the store's
/// <c>EventSignals</c>). It is only a shortcut: subscriptions look for them every poll interval anyway,
/// and when the connection drops it reconnects with backoff.
/// </summary>
internal sealed partial class SubscriptionNotificationListener(BunbaseOptions options, SubscriptionSignals signals, TimeProvider clock, ILogger<SubscriptionNotificationListener> logger) : BackgroundService
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
            ApplicationName = options.Name + " subscriptions listener",
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
                    connection.Notification += (_, _) => signals.RetryRequested();
                    await using (var listen = new NpgsqlCommand("listen " + SubscriptionStatements.RetryChannel, connection))
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                        LogReconnected(logger, failures);
                    failures = 0;
                    signals.RetryRequested();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter retry notifications lost ({Reason}); reconnecting, subscriptions poll meanwhile")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-letter retry notifications back after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, int attempts);
}
