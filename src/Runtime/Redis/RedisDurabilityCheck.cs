using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bunbase.Runtime.Redis;

/// <summary>
/// Warns once at start when the Redis that keeps sign-outs can lose them, since a lost revocation lets its revoked
/// token work again until it expires: no append-only file (a restart loses what changed since the last snapshot, or
/// everything without snapshots), or a memory limit with an eviction policy (revocation records carry a TTL, so every
/// policy but <c>noeviction</c> may drop them). Read from <c>INFO</c> over a connection of its own, closed after: the
/// client library lets only a connection in admin mode send it, which the app's own connection is not. A Redis that
/// cannot be reached, or refuses <c>INFO</c> (some managed services), is not reported on here.
/// </summary>
internal sealed partial class RedisDurabilityCheck(BunbaseOptions options, ILogger<RedisDurabilityCheck> logger) : IHostedService
{    private readonly CancellationTokenSource _stop = new();
    private Task _check = Task.CompletedTask;

    /// <summary>The check started by <see cref="StartAsync"/>: done once its warnings, if any, are logged.</summary>
    internal Task Checked => _check;

    /// <summary>In the background: start-up never waits for Redis.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _check = Task.Run(() => CheckAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _check.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>The warnings for one server's <c>INFO persistence</c> and <c>INFO memory</c> fields (empty when it keeps what it is given).</summary>
    internal static List<string> Warnings(string server, IReadOnlyDictionary<string, string> info)
    {
        var warnings = new List<string>();
        if (info.GetValueOrDefault("aof_enabled") == "0")
        {
            warnings.Add($"Redis at {server} has no append-only file (appendonly no): sign-outs stored there since its last snapshot are lost "
                + "if it restarts, and their revoked tokens work again until they expire; run it with appendonly yes (the deploy files do)");
        }

        if (info.GetValueOrDefault("maxmemory") is { } limit && limit != "0"
            && info.GetValueOrDefault("maxmemory_policy") is { } policy && policy != "noeviction")
        {
            warnings.Add($"Redis at {server} may evict keys (maxmemory {limit}, maxmemory-policy {policy}): an evicted sign-out lets its revoked "
                + "token work again until it expires; use maxmemory-policy noeviction, or a Redis of the app's own rather than one shared with a cache");
        }

        return warnings;
    }

    private async Task CheckAsync(CancellationToken stop)
    {
        try
        {
            var settings = RedisConnection.Options(options.Redis);
            settings.AllowAdmin = true;
            settings.AbortOnConnectFail = true;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(settings).WaitAsync(stop).ConfigureAwait(false);
            foreach (var endpoint in redis.GetEndPoints())
            {
                var server = redis.GetServer(endpoint);
                if (!server.IsConnected || server.IsReplica)
                    continue;
                var info = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var section in new[] { "persistence", "memory" })
                {
                    foreach (var group in await server.InfoAsync(section).WaitAsync(stop).ConfigureAwait(false))
                    {
                        foreach (var (key, value) in group)
                            info[key] = value;
                    }
                }

                foreach (var warning in Warnings(endpoint.ToString() ?? "?", info))
                    LogWarning(logger, warning);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The app stopped first.
        }
        catch (Exception ex)
        {
            // Only a warning was at stake: whatever went wrong (unreachable, INFO refused or renamed) stops nothing.
            LogUnchecked(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "auth: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Debug, Message = "auth: Redis's persistence and eviction settings could not be read ({Error})")]
    private static partial void LogUnchecked(ILogger logger, string error);
}
