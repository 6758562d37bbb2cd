using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Studio;

/// <summary>Registers the console's gate and pages (each reads the stores the runtime already has; a part that is off shows as off).</summary>
internal static class StudioServices
{
    public static IServiceCollection AddStudio(this IServiceCollection services, bool development)
    {
        if (development)
        {
            services.AddSingleton<DevelopmentSignIn>();
            services.AddHostedService<StudioAnnouncement>();
        }

        services.AddSingleton(sp => new StudioGate(
            sp.GetRequiredService<Auth.Authenticator>(), sp.GetRequiredService<Auth.Csrf.OriginCheck>(), sp.GetRequiredService<Configuration.BunbaseOptions>(), sp.GetService<DevelopmentSignIn>()));
        services.AddSingleton<ActionSchemas>();
        services.AddSingleton<ActionsPage>();
        services.AddSingleton(sp => new RunsPage(sp.GetService<IActionRunStore>(), sp.GetRequiredService<Discovery.ActionCatalog>()));
        services.AddSingleton<JobsPage>();
        services.AddSingleton(sp => new EventsPage(sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<SubscriptionStore>(), sp.GetService<SubscriptionSignals>()));
        services.AddSingleton(sp => new ChannelsPage(sp.GetService<RealtimeConnections>(), sp.GetService<IPresenceStore>()));
        services.AddSingleton(sp => new HealthPage(sp.GetRequiredService<HealthCheckService>(), sp.GetService<RequestHistory>()));
        return services;
    }
}
