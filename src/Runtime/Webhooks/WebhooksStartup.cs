using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// At start: resolves the inbound webhooks' secrets (an unusable one stops start-up; a missing one is
/// logged), creates the tables; then, hourly, forgets old delivery logs and expired receipts, and every minute fails
/// the deliveries whose job ended without recording an outcome (<see cref="WebhookStore.FailStalledAsync"/>).
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
        Task.WhenAll(
            Periodic.RunAsync(TimeSpan.FromHours(1), clock, store.HousekeepAsync, ex => LogRoundFailed(logger, "forgetting old deliveries and receipts", ex.Message), runAtStart: true, stoppingToken),
            Periodic.RunAsync(TimeSpan.FromMinutes(1), clock, FailStalledAsync, ex => LogRoundFailed(logger, "failing stalled deliveries", ex.Message), runAtStart: false, stoppingToken));

    private async Task FailStalledAsync(CancellationToken cancellationToken)
    {
        var failed = await store.FailStalledAsync(cancellationToken).ConfigureAwait(false);
        if (failed > 0)
            LogStalled(logger, failed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} webhook deliveries were pending with no job left to send them (it ended without recording an outcome); marked failed")]
    private static partial void LogStalled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhooks: {What} failed, will try again next round: {Error}")]
    private static partial void LogRoundFailed(ILogger logger, string what, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogMissingSecret(ILogger logger, string problem);
}
