using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Events;

/// <summary>
/// LISTENs on PostgreSQL for sequencer passes of any instance (<c>bunbase_events</c>: readers waiting
/// on <see cref="EventSignals.Sequenced"/> look at once) and for requests to sequence
/// (<c>bunbase_events_published</c>). A shortcut only: the sequencer and readers poll anyway; when
/// the connection drops it reconnects with backoff and signals both, since notifications were lost.
/// </summary>
internal sealed partial class EventNotificationListener(BunbaseOptions options, EventSignals signals, TimeProvider clock, ILogger<EventNotificationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(options.Database.Url!, "database.url").ConnectionString)
        {
            Multiplexing = false,
            Pooling = false,
            Timeout = PostgresDataSources.WholeSeconds(options.Database.ConnectTimeoutMs),
            KeepAlive = 10,
            ApplicationName = options.Name + " event listener",
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
                        if (e.Channel == SqlEventStore.PublishedChannel)
                            signals.WakeSequencer();
                        else
                            signals.NotifySequenced(long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var highest) ? highest : null);
                    };
                    await using (var listen = new NpgsqlCommand($"listen {SqlEventStore.SequencedChannel}; listen {SqlEventStore.PublishedChannel}", connection))
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                        LogReconnected(logger, failures);
                    failures = 0;
                    signals.WakeSequencer();
                    signals.NotifySequenced(null);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event notifications lost ({Reason}); reconnecting, readers poll meanwhile")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event notifications back after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, int attempts);
}
