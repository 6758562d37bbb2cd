using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Starts the backplane, then every <c>realtime.heartbeatMs</c>: a heartbeat to idle SSE streams,
/// sessions checked (a revoked or expired one closes its connection with <c>session_revoked</c> or
/// <c>session_expired</c>; revocations made on another instance are seen within
/// <c>auth.revocationCacheFor</c>), connections whose client has not taken a write for
/// <c>realtime.idleTimeoutMs</c> dropped. Every third of <c>realtime.presenceTtlMs</c>: this instance's
/// presence entries renewed and expired ones (of dead instances) removed, with their leave announced.
/// On shutdown every connection is told to reconnect (to another instance) and closed.
/// </summary>
internal sealed partial class RealtimeMaintenance(
    RealtimeServer server,
    RealtimeConnections connections,
    RealtimeSessionCheck sessions,
    IHostApplicationLifetime lifetime,
    ILogger<RealtimeMaintenance> logger) : BackgroundService
{
    private static readonly Outgoing Heartbeat = Outgoing.Of("heartbeat", []);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await server.Backplane.StartAsync(server.Hub, cancellationToken).ConfigureAwait(false);
        lifetime.ApplicationStopping.Register(connections.Stop);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = server.Options;
        var clock = server.Clock;
        var tick = TimeSpan.FromMilliseconds(Math.Min(options.HeartbeatMs, options.PresenceTtlMs / 3));
        var presenceEvery = TimeSpan.FromMilliseconds(options.PresenceTtlMs / 3);
        var heartbeatEvery = TimeSpan.FromMilliseconds(options.HeartbeatMs);
        var idle = TimeSpan.FromMilliseconds(options.IdleTimeoutMs);
        long lastHeartbeat = clock.GetTimestamp(), lastPresence = 0, lastSweep = clock.GetTimestamp();
        await Periodic.RunAsync(tick, clock, Round, ex => LogRoundFailed(logger, ex), runAtStart: false, stoppingToken).ConfigureAwait(false);

        async Task Round(CancellationToken stopping)
        {
            if (clock.GetElapsedTime(lastHeartbeat) >= heartbeatEvery - TimeSpan.FromMilliseconds(1))
            {
                lastHeartbeat = clock.GetTimestamp();
                await CheckConnectionsAsync(idle).ConfigureAwait(false);
            }

            if (clock.GetElapsedTime(lastPresence) >= presenceEvery - TimeSpan.FromMilliseconds(1))
            {
                lastPresence = clock.GetTimestamp();
                await MaintainPresenceAsync(stopping).ConfigureAwait(false);
            }

            if (server.Backplane is PostgresBackplane postgres && clock.GetElapsedTime(lastSweep) >= TimeSpan.FromMinutes(1))
            {
                lastSweep = clock.GetTimestamp();
                await Quietly(postgres.SweepAsync(stopping), "history sweep").ConfigureAwait(false);
            }
        }
    }

    private async Task CheckConnectionsAsync(TimeSpan idle)
    {
        foreach (var connection in connections.All)
        {
            if (connection.IsStalled(idle))
            {
                connection.Drop("stalled");
                server.Metrics.Dropped("stalled");
                connection.Abort();
                continue;
            }

            if (connection.Caller?.Ticket is { } ticket && await sessions.EndReasonAsync(ticket).ConfigureAwait(false) is { } reason)
            {
                if (connection.Close(RealtimeFrames.Closing(reason), discard: true))
                    server.Metrics.Dropped(reason);
                continue;
            }

            if (connection.Transport == "sse" && connection.Queued == 0)
                connection.Notify(Heartbeat);
        }
    }

    private async Task MaintainPresenceAsync(CancellationToken cancellationToken)
    {
        var mine = new List<(string, string)>();
        var byId = new Dictionary<string, RealtimeConnection>(StringComparer.Ordinal);
        foreach (var connection in connections.All)
        {
            foreach (var subscriber in connection.Subscribers())
            {
                if (subscriber.Rule?.Presence == true)
                {
                    mine.Add((subscriber.Channel, connection.Id));
                    byId[connection.Id] = connection;
                }
            }
        }

        if (mine.Count > 0)
            await Quietly(RenewAsync(mine, byId, cancellationToken), "presence renewal").ConfigureAwait(false);
        try
        {
            foreach (var (channel, member) in await server.Presence.SweepAsync(cancellationToken).ConfigureAwait(false))
                await server.AnnounceAsync(channel, "presence.leave", member, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, "presence sweep", ex.Message);
        }
    }

    private async Task RenewAsync(List<(string, string)> mine, Dictionary<string, RealtimeConnection> byId, CancellationToken cancellationToken)
    {
        foreach (var (channel, connectionId) in await server.Presence.RenewAsync(mine, cancellationToken).ConfigureAwait(false))
            await server.RejoinAsync(byId[connectionId], channel, cancellationToken).ConfigureAwait(false);
    }

    private async Task Quietly(Task work, string what)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, what, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Realtime maintenance round failed; trying again at the next tick")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime {What} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string what, string reason);
}
