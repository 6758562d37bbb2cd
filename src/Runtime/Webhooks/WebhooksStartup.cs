using Bunbase.Runtime.Configuration;
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    await store.HousekeepAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Housekeeping runs again within the hour; a failure here (the database is away) must not stop the host.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed after a start that failed (a port in use): nothing to report.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogMissingSecret(ILogger logger, string problem);
}
