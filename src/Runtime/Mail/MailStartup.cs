using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Mail;

/// <summary>At start: creates the mail log; then, hourly, forgets entries older than <c>mail.retentionDays</c>.</summary>
internal sealed partial class MailStartup(MailStore store, TimeProvider clock, ILogger<MailStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(TimeSpan.FromHours(1), clock, store.ForgetOldAsync, ex => LogForgetFailed(logger, ex.Message), runAtStart: true, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail: forgetting old log entries failed, will try again in an hour: {Error}")]
    private static partial void LogForgetFailed(ILogger logger, string error);
}
