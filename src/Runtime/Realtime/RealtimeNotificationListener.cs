using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Channel messages of every instance through the process's one LISTEN connection. After a
/// reconnection the connected subscribers catch up from their channels' history (<see cref="ChannelHub.RecoverAsync"/>).
/// </summary>
internal sealed class RealtimeNotificationListener(IChannelBackplane backplane) : INotificationHandler
{
    public IReadOnlyList<string> Channels { get; } = [PostgresBackplane.NotifyChannel];

    public string Pollers => "nobody (realtime subscribers catch up from the history once back)";

    public void OnNotification(string channel, string payload) => (backplane as PostgresBackplane)?.OnNotification(payload);

    public void OnListening() => (backplane as PostgresBackplane)?.OnListening();
}
