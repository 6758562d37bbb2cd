using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Mail;

/// <summary>At start: creates the mail log; then, hourly, forgets entries older than <c>mail.retentionDays</c>.</summary>
internal sealed class MailStartup(MailStore store, TimeProvider clock) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(TimeSpan.FromHours(1), clock, store.ForgetOldAsync, failed: null, runAtStart: true, stoppingToken);
}
