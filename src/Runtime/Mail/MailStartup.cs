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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    await store.ForgetOldAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Runs again within the hour; a failure here (the database is away) must not stop the host.
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
}
