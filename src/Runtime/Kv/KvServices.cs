using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Kv;

/// <summary>Registers <c>ctx.Kv</c>: the store <see cref="KeyValueStoreFactory"/> picks, and the expiry sweep of the SQL-backed one.</summary>
internal static class KvServices
{
    /// <param name="services">The host's services; the Redis connection (with <c>redis.url</c>) or the database are registered by the host.</param>
    /// <param name="options">The configuration: <c>kv.prefix</c> (default <c>NAME:kv:</c>) and <c>redis.url</c>.</param>
    /// <param name="json">How values are serialised: the options of request and response bodies.</param>
    public static IServiceCollection AddKv(this IServiceCollection services, BunbaseOptions options, JsonSerializerOptions json)
    {
        var prefix = options.Kv.Prefix ?? options.Name + ":kv:";
        services.AddSingleton(new KvJson(json));
        services.AddSingleton(sp => KeyValueStoreFactory.Create(sp, prefix));
        if (!KeyValueStoreFactory.UsesRedis(options))
        {
            services.AddRuntimeTables(sp => cancellationToken => SqlKeyValueStore.EnsureSchemaAsync(sp.GetRequiredService<Database>(), cancellationToken));
            services.AddHostedService<KvMaintenance>();
        }
        return services;
    }
}
