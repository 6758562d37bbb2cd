using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// What one capability (the queue, the event store, subscriptions) wants from PostgreSQL notifications:
/// its channels and what a notification or a (re)connection means to it. Registered as a singleton
/// <see cref="INotificationHandler"/>; the process's one <see cref="NotificationListener"/> serves them all.
/// </summary>
internal interface INotificationHandler
{
    /// <summary>The channels to LISTEN on (names of our own, never quoted).</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>Who polls while notifications are lost, for the log: "job workers".</summary>
    string Pollers { get; }

    /// <summary>Handles one notification on one of <see cref="Channels"/> (on Npgsql's thread: keep it to a signal).</summary>
    void OnNotification(string channel, string payload);

    /// <summary>Runs once the channels are listened to, after every (re)connection: what was sent meanwhile is lost.</summary>
    void OnListening();
}

/// <summary>
/// The process's one LISTEN connection to PostgreSQL, turning notifications into in-process wake-ups for
/// every <see cref="INotificationHandler"/>. One connection, not one per capability: each instance of a
/// deployment holds it for its lifetime, and they add up against the server's <c>max_connections</c>.
/// Notifications are only a shortcut for whoever polls anyway: when the connection drops (a restart, a
/// <c>pg_terminate_backend</c>) it reconnects with backoff and calls every handler's
/// <see cref="INotificationHandler.OnListening"/>, since notifications sent meanwhile were lost.
/// </summary>
internal sealed partial class NotificationListener(BunbaseOptions options, IEnumerable<INotificationHandler> handlers, Database database, TimeProvider clock, ILogger<NotificationListener> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Returns once the first LISTEN is in place, so the app serves only when it hears notifications: a message
    /// published before it (a realtime publish right after start) would be missed by this instance, and realtime
    /// replays nothing. Bounded by the connect timeout: if LISTEN keeps failing, the pollers cover and the app starts.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1_000, options.Database.ConnectTimeoutMs)));
        try
        {
            await _listening.Task.WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = handlers.ToArray();
        if (all.Length == 0)
        {
            _listening.TrySetResult();
            return;
        }

        var byChannel = new Dictionary<string, List<INotificationHandler>>(StringComparer.Ordinal);
        foreach (var handler in all)
        {
            foreach (var channel in handler.Channels)
            {
                if (!byChannel.TryGetValue(channel, out var list))
                    byChannel[channel] = list = [];
                list.Add(handler);
            }
        }

        var pollers = string.Join(", ", all.Select(h => h.Pollers));
        var settings = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(options.Database.Url!, "database.url").ConnectionString)
        {
            Multiplexing = false,
            Pooling = false,
            Timeout = PostgresDataSources.WholeSeconds(options.Database.ConnectTimeoutMs),
            // Waiting for notifications sends keepalives, so a connection that died silently is noticed.
            KeepAlive = 10,
            ApplicationName = options.Name + " listener",
        };
        var listen = string.Join("; ", byChannel.Keys.Select(channel => "listen " + channel));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var listening = false;
            try
            {
                var connection = new NpgsqlConnection(settings.ConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                    connection.Notification += (_, e) =>
                    {
                        if (byChannel.TryGetValue(e.Channel, out var list))
                            foreach (var handler in list)
                                handler.OnNotification(e.Channel, e.Payload);
                    };
                    await using (var command = new NpgsqlCommand(listen, connection))
                        await command.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                        LogReconnected(logger, failures);
                    failures = 0;
                    foreach (var handler in all)
                        handler.OnListening();
                    _listening.TrySetResult();
                    listening = true;
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
                // This connection is always reading, so it is the first to know the server went away; the
                // pools' idle connections died with it. (Not on a failed reconnect: nothing new was learnt.)
                if (listening && DatabaseErrors.IsOutage(ex))
                    database.ForgetPrimaryConnections();
                if (failures++ == 0)
                    LogLost(logger, ex.Message, pollers);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL notifications lost ({Reason}); reconnecting, {Pollers} poll meanwhile")]
    private static partial void LogLost(ILogger logger, string reason, string pollers);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL notifications back after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, int attempts);
}

/// <summary>Registers notification handlers and, once per process, the listener that serves them.</summary>
internal static class NotificationServices
{
    /// <summary>Adds <typeparamref name="THandler"/> and, on PostgreSQL, the shared listener (once, however many handlers).</summary>
    public static IServiceCollection AddNotificationHandler<THandler>(this IServiceCollection services, BunbaseOptions options)
        where THandler : class, INotificationHandler
    {
        if (options.Database.Url is null)
            return services;
        services.AddSingleton<INotificationHandler, THandler>();
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(NotificationListener)))
            services.AddHostedService<NotificationListener>();
        return services;
    }
}
