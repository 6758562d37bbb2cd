using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Wakes idle workers as jobs commit, so they start them within milliseconds (a job's queue is the
/// payload; empty wakes every queue). Workers poll anyway; after a reconnection every queue is woken,
/// since notifications sent meanwhile were lost.
/// </summary>
internal sealed class JobNotificationListener(QueueSignals signals) : INotificationHandler
{
    public IReadOnlyList<string> Channels { get; } = [JobStatements.Channel];

    public string Pollers => "job workers";

    public void OnNotification(string channel, string payload)
    {
        if (payload.Length == 0)
            signals.WakeAll();
        else
            signals.Wake(payload);
    }

    public void OnListening() => signals.WakeAll();
}
