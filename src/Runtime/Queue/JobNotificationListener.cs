using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// LISTENs on PostgreSQL for enqueued jobs so idle workers start them within milliseconds (a job's
/// queue is the payload; empty wakes every queue). Workers poll anyway; after a reconnection every
/// queue is woken, since notifications sent meanwhile were lost.
/// </summary>
internal sealed class JobNotificationListener(BunbaseOptions options, QueueSignals signals, TimeProvider clock, ILogger<JobNotificationListener> logger)
    : NotificationListener(options, clock, logger)
{
    protected override IReadOnlyList<string> Channels { get; } = [JobStatements.Channel];

    protected override string ConnectionName => "queue listener";

    protected override string Subject => "Job";

    protected override string Pollers => "workers";

    protected override void OnNotification(string channel, string payload)
    {
        if (payload.Length == 0)
            signals.WakeAll();
        else
            signals.Wake(payload);
    }

    protected override void OnListening() => signals.WakeAll();
}
