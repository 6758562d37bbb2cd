using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Registers realtime channels: the backplane and presence store (Redis when <c>redis.url</c> is set,
/// else PostgreSQL when <c>database.url</c> is, else in-process), the hub, the connections and their
/// upkeep. The endpoints are mapped by <see cref="RealtimeEndpoints"/>.
/// </summary>
internal static class RealtimeServices
{
    public static IServiceCollection AddRealtime(this IServiceCollection services, BunbaseOptions options, ChannelAccess access)
    {
        var realtime = options.Realtime;
        if (options.Redis.Url is null && options.Database.Url is not null && realtime.MaxMessageBytes > PostgresBackplane.MaxMessageBytes)
            throw new StartupException($"realtime.maxMessageBytes ({realtime.MaxMessageBytes}) is at most {PostgresBackplane.MaxMessageBytes} on the PostgreSQL backplane (a notification carries under 8,000 bytes); set redis.url for larger messages");
        services.AddSingleton(access);
        services.AddSingleton(sp => new RealtimeMetrics(sp.GetService<RuntimeMetrics>()));
        services.AddSingleton<ChannelHub>();
        services.AddSingleton<RealtimeConnections>();
        services.AddSingleton<RealtimeSessionCheck>();
        services.AddSingleton<RealtimeServer>();
        services.AddSingleton<Pipeline.IChannelSource>(sp => sp.GetRequiredService<RealtimeServer>());
        if (options.Redis.Url is not null)
        {
            services.AddSingleton<IChannelBackplane>(sp => new RedisBackplane(sp.GetRequiredService<IConnectionMultiplexer>(), options));
            services.AddSingleton<IPresenceStore>(sp => new RedisPresence(sp.GetRequiredService<IConnectionMultiplexer>(), options, sp.GetRequiredService<TimeProvider>()));
        }
        else if (options.Database.Url is not null)
        {
            services.AddSingleton<IChannelBackplane>(sp => new PostgresBackplane(sp.GetRequiredService<Database>(), options));
            services.AddRuntimeTables(sp => ((PostgresBackplane)sp.GetRequiredService<IChannelBackplane>()).EnsureSchemaAsync);
            services.AddSingleton<IPresenceStore>(sp => new PostgresPresence(sp.GetRequiredService<Database>(), options));
            services.AddNotificationHandler<RealtimeNotificationListener>(options);
        }
        else
        {
            services.AddSingleton<IChannelBackplane, InProcessBackplane>();
            services.AddSingleton<IPresenceStore, InProcessPresence>();
        }

        services.AddHostedService<RealtimeMaintenance>();
        return services;
    }
}
