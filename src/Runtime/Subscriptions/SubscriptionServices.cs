using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>Registers event subscribers: their tables and, when the app declares <c>[On]</c> actions and <c>subscriptions.enabled</c> is true, this instance's consumers.</summary>
internal static class SubscriptionServices
{
    /// <summary>
    /// The store and its tables, the signals that wake subscriptions; with consumers on,
    /// <see cref="SubscriptionWorkers"/> and, on PostgreSQL, a LISTEN connection. The host registers the
    /// database and a <see cref="TimeProvider"/> before.
    /// </summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services, BunbaseOptions options, ActionCatalog catalog)
    {
        services.AddSingleton<SubscriptionSignals>();
        services.AddSingleton(sp => new SubscriptionStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<SubscriptionStore>().EnsureSchemaAsync);
        services.AddHostedService<SubscriptionStartup>();
        if (!options.Subscriptions.Enabled || !catalog.Actions.Any(a => a.Subscription is not null))
            return services;
        services.AddSingleton<EventRunner>();
        services.AddSingleton<SubscriptionWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionWorkers>());
        services.AddNotificationHandler<SubscriptionNotificationListener>(options);
        return services;
    }
}
