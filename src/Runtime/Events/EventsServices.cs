using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Events;

/// <summary>Registers the event store: its tables, publishing (<c>ctx.Events</c>) and, on PostgreSQL, the sequencer and its LISTEN connection.</summary>
internal static class EventsServices
{
    /// <param name="services">The host's services; the database and a <see cref="TimeProvider"/> are registered by the host.</param>
    /// <param name="options">The configuration (<c>events.*</c>).</param>
    /// <param name="json">How event data is serialised: the options of request and response bodies.</param>
    public static IServiceCollection AddEvents(this IServiceCollection services, BunbaseOptions options, JsonSerializerOptions json)
    {
        services.AddSingleton<EventSignals>();
        services.AddSingleton<IEventStore>(sp => EventStoreFactory.Create(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<IEventStore>().EnsureSchemaAsync);
        var data = EventPublisher.DataOptions(json);
        services.AddSingleton(sp => new EventPublisher(sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<EventSignals>(), data));
        services.AddHostedService<EventsStartup>();
        if (options.Database.Url is not null)
        {
            services.AddHostedService<EventSequencer>();
            services.AddNotificationHandler<EventNotificationListener>(options);
        }

        return services;
    }
}
