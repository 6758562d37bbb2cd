using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// A LISTEN connection to PostgreSQL that turns notifications into in-process wake-ups. Notifications are
/// only a shortcut for whoever polls anyway: when the connection drops (a restart, a
/// <c>pg_terminate_backend</c>) it reconnects with backoff and calls <see cref="OnListening"/>, since
/// notifications sent meanwhile were lost. The queue, the event store and subscriptions each derive one.
/// </summary>
internal abstract partial class NotificationListener(BunbaseOptions options, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The channels to LISTEN on.</summary>
    protected abstract IReadOnlyList<string> Channels { get; }

    /// <summary>Names the connection in <c>pg_stat_activity</c> (after the app's name): "queue listener".</summary>
    protected abstract string ConnectionName { get; }

    /// <summary>What the notifications are about, for the log: "Job".</summary>
    protected abstract string Subject { get; }

    /// <summary>Who polls while notifications are lost, for the log: "workers".</summary>
    protected abstract string Pollers { get; }

    /// <summary>Handles one notification (on Npgsql's thread: keep it to a signal).</summary>
    protected abstract void OnNotification(string channel, string payload);

    /// <summary>Runs once the channels are listened to, after every (re)connection: what was sent meanwhile is lost.</summary>
    protected abstract void OnListening();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(options.Database.Url!, "database.url").ConnectionString)
        {
            Multiplexing = false,
            Pooling = false,
            Timeout = PostgresDataSources.WholeSeconds(options.Database.ConnectTimeoutMs),
            // Waiting for notifications sends keepalives, so a connection that died silently is noticed.
            KeepAlive = 10,
            ApplicationName = options.Name + " " + ConnectionName,
        };
        var listen = string.Join("; ", Channels.Select(channel => "listen " + channel));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = new NpgsqlConnection(settings.ConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                    connection.Notification += (_, e) => OnNotification(e.Channel, e.Payload);
                    await using (var command = new NpgsqlCommand(listen, connection))
                        await command.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                        LogReconnected(logger, Subject, failures);
                    failures = 0;
                    OnListening();
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
                    LogLost(logger, Subject, ex.Message, Pollers);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} notifications lost ({Reason}); reconnecting, {Pollers} poll meanwhile")]
    private static partial void LogLost(ILogger logger, string subject, string reason, string pollers);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} notifications back after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, string subject, int attempts);
}
