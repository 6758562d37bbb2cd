using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// At start: resolves the inbound webhooks' secrets (an unusable one stops start-up; a missing one is
/// logged), creates the tables; then, hourly, forgets old delivery logs and expired receipts.
/// </summary>
internal sealed partial class WebhooksStartup(InboundWebhooks inbound, WebhookStore store, BunbaseOptions options, IHostEnvironment environment, TimeProvider clock, ILogger<WebhooksStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var missing in inbound.ResolveKeys(options.Webhooks, environment.IsDevelopment()))
            LogMissingSecret(logger, missing);
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(TimeSpan.FromHours(1), clock, store.HousekeepAsync, failed: null, runAtStart: true, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogMissingSecret(ILogger logger, string problem);
}
