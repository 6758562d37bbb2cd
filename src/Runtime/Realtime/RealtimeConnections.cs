using System.Collections.Concurrent;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// This instance's open connections, counted per user (or client address) against
/// <c>realtime.maxConnectionsPerUser</c>. Once the instance is stopping, new ones are refused
/// (503 <c>shutting_down</c>: the client reconnects, through the proxy, to another instance).
/// </summary>
internal sealed class RealtimeConnections(RealtimeMetrics metrics)
{
    private readonly ConcurrentDictionary<RealtimeConnection, byte> _open = new();
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public int Count => _open.Count;

    public bool IsStopping => _stopping;

    public ICollection<RealtimeConnection> All => _open.Keys;

    /// <summary>Registers the connection, or throws its refusal.</summary>
    public void Open(RealtimeConnection connection, int maxPerUser)
    {
        if (_stopping)
            throw new ActionException(503, "shutting_down", "This instance is shutting down; reconnect.");
        var count = _perUser.AddOrUpdate(connection.UserKey, 1, static (_, n) => n + 1);
        if (count > maxPerUser)
        {
            Release(connection.UserKey);
            throw new TooManyRequestsException(TimeSpan.FromSeconds(5), $"At most {maxPerUser} realtime connections per user (realtime.maxConnectionsPerUser).", "too_many_connections");
        }

        _open[connection] = 0;
        metrics.Opened(connection.Transport);
        if (_stopping)
            connection.Close(RealtimeFrames.Closing(RealtimeFrames.ShutdownReason));
    }

    public void Closed(RealtimeConnection connection)
    {
        if (!_open.TryRemove(connection, out _))
            return;
        Release(connection.UserKey);
        metrics.Closed(connection.Transport);
    }

    /// <summary>Refuses new connections and tells every open one to reconnect elsewhere.</summary>
    public void Stop()
    {
        _stopping = true;
        foreach (var connection in _open.Keys)
            connection.Close(RealtimeFrames.Closing(RealtimeFrames.ShutdownReason));
    }

    private void Release(string userKey)
    {
        while (true)
        {
            var current = _perUser.GetValueOrDefault(userKey);
            if (current <= 1)
            {
                if (current == 0 || _perUser.TryRemove(new KeyValuePair<string, int>(userKey, current)))
                    return;
            }
            else if (_perUser.TryUpdate(userKey, current - 1, current))
            {
                return;
            }
        }
    }
}
