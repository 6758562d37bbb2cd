using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// At start: every inbound webhook's secret is configured (else start-up stops with one line naming
/// them), the tables exist; then, hourly, old delivery logs and expired receipts are forgotten.
/// </summary>
internal sealed class WebhooksStartup(InboundWebhooks inbound, WebhookStore store, BunbaseOptions options, TimeProvider clock) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = inbound.ResolveKeys(options.Webhooks);
        if (problems.Count > 0)
            throw new StartupException("Invalid webhooks: " + string.Join("; ", problems));
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
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
}
