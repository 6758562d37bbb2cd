using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Webhooks;

/// <summary>Registers webhooks: the inbound receivers (<c>POST /_webhooks/{name}</c>), <c>ctx.Webhooks</c>, the delivery job and their tables.</summary>
internal static class WebhooksServices
{
    /// <param name="services">The host's services; the database, the queue and a <see cref="TimeProvider"/> are registered by the host.</param>
    /// <param name="options">The configuration (<c>webhooks.*</c>).</param>
    /// <param name="catalog">The actions, for their <c>[Webhook]</c> declarations (checked now).</param>
    /// <param name="json">How payloads are serialised: the options of response bodies.</param>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, BunbaseOptions options, ActionCatalog catalog, System.Text.Json.JsonSerializerOptions json)
    {
        services.AddSingleton(InboundWebhooks.From(catalog, options.Webhooks));
        services.AddSingleton(sp => new WebhookStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<IJobStore>(), options.Webhooks, sp.GetRequiredService<TimeProvider>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<WebhookStore>().EnsureSchemaAsync);
        var data = EventPublisher.DataOptions(json);
        services.AddSingleton<IWebhookOutbox>(sp => new WebhookOutbox(sp.GetRequiredService<WebhookStore>(), sp.GetRequiredService<QueueSignals>(), sp.GetRequiredService<TimeProvider>(), data));
        services.AddSingleton(_ => new WebhookHttp(options.Webhooks));
        services.AddSingleton(options.Webhooks);
        services.AddSingleton<IRuntimeJob, WebhookDeliveryJob>();
        services.AddHostedService<WebhooksStartup>();
        return services;
    }

    /// <summary>Maps each inbound webhook's path.</summary>
    public static void MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        foreach (var webhook in services.GetRequiredService<InboundWebhooks>().ByName.Values)
        {
            var receiver = new WebhookReceiver(
                webhook,
                services.GetRequiredService<IJobEnqueuer>(),
                services.GetRequiredService<Database>(),
                services.GetRequiredService<ProblemResponses>(),
                services.GetRequiredService<TimeProvider>());
            endpoints.MapPost(webhook.Path, receiver.HandleAsync).WithDisplayName($"webhook {webhook.Name} (POST {webhook.Path})");
        }
    }
}
