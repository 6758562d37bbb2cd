using System.Collections.Concurrent;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// This instance's open connections, counted per user (or client address) against
/// <c>realtime.maxConnectionsPerUser</c> (a durable event stream takes a place too, though it is not
/// one of <see cref="All"/>: it has no queue). Once the instance is stopping, new ones are refused
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

    /// <summary>Admits and registers a connection that sends nothing yet (an SSE stream before its headers).</summary>
    public void Open(RealtimeConnection connection, int maxPerUser)
    {
        Admit(connection.UserKey, maxPerUser);
        Opened(connection);
    }

    /// <summary>
    /// Takes one of the connections <paramref name="userKey"/> may hold, or throws the refusal (503 while stopping,
    /// 429 over the limit): called before anything is sent, so a refusal is a problem response. A connection made
    /// then (<see cref="Opened"/>) gives it back when <see cref="Closed"/>; anything else calls <see cref="Release"/>.
    /// </summary>
    public void Admit(string userKey, int maxPerUser)
    {
        if (_stopping)
            throw new ActionException(503, "shutting_down", "This instance is shutting down; reconnect.");
        var count = _perUser.AddOrUpdate(userKey, 1, static (_, n) => n + 1);
        if (count > maxPerUser)
        {
            Release(userKey);
            throw new TooManyRequestsException(TimeSpan.FromSeconds(5), $"At most {maxPerUser} realtime connections per user (realtime.maxConnectionsPerUser).", "too_many_connections");
        }
    }

    /// <summary>Registers a connection admitted for its user (<see cref="Admit"/>).</summary>
    public void Opened(RealtimeConnection connection)
    {
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

    /// <summary>Gives back a place taken by <see cref="Admit"/> that no registered connection holds.</summary>
    public void Release(string userKey)
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
