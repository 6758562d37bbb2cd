using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Channel messages of every instance through the process's one LISTEN connection. After a
/// reconnection nothing is replayed: subscribers resume from the channel's history when they reconnect.
/// </summary>
internal sealed class RealtimeNotificationListener(IChannelBackplane backplane) : INotificationHandler
{
    public IReadOnlyList<string> Channels { get; } = [PostgresBackplane.NotifyChannel];

    public string Pollers => "nobody (realtime messages sent meanwhile are missed)";

    public void OnNotification(string channel, string payload) => (backplane as PostgresBackplane)?.OnNotification(payload);

    public void OnListening()
    {
    }
}
